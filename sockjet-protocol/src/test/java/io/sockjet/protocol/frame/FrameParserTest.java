package io.sockjet.protocol.frame;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameParserTest {

  static Stream<Rfc6455Vectors.Vector> rfcVectors() {
    return Rfc6455Vectors.all();
  }

  /** Parses each chunk as its own heap buffer; asserts each is consumed whole. */
  static RecordingFrameSink parseChunks(FrameParser parser, List<byte[]> chunks)
      throws ProtocolViolation {
    RecordingFrameSink sink = new RecordingFrameSink();
    for (byte[] chunk : chunks) {
      ByteBuffer in = ByteBuffer.wrap(chunk);
      parser.parse(in, sink);
      assertThat(in.hasRemaining()).as("parse consumes all input").isFalse();
    }
    return sink;
  }

  static List<RecordedFrame> parseWhole(byte[] wire) throws ProtocolViolation {
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    RecordingFrameSink sink = parseChunks(parser, List.of(wire.clone()));
    assertThat(parser.isAtFrameBoundary()).isTrue();
    return sink.frames();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void rfc6455Section5_7ExamplesParseTheSameUnderEveryPartition(Rfc6455Vectors.Vector vector) {
    Partitions.forEach(
        vector.wire(),
        chunks -> {
          FrameParser parser = new FrameParser(Long.MAX_VALUE);
          try {
            RecordingFrameSink sink = parseChunks(parser, chunks);
            assertThat(sink.frames()).as("%d chunks", chunks.size()).isEqualTo(vector.frames());
          } catch (ProtocolViolation e) {
            throw new AssertionError(e);
          }
          assertThat(parser.isAtFrameBoundary()).isTrue();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void rfc6455Section5_7ExamplesParseFromDirectBuffers(Rfc6455Vectors.Vector vector)
      throws ProtocolViolation {
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    RecordingFrameSink sink = new RecordingFrameSink();
    // One reused direct read buffer, as a transport would use it.
    ByteBuffer in = ByteBuffer.allocateDirect(7);
    for (List<byte[]> chunks : List.of(Partitions.byteByByte(vector.wire()))) {
      for (byte[] chunk : chunks) {
        in.clear();
        in.put(chunk).flip();
        parser.parse(in, sink);
      }
    }
    assertThat(sink.frames()).isEqualTo(vector.frames());
  }

  @Test
  void allRfcExamplesBackToBackParseAsOneStream() throws ProtocolViolation {
    byte[] wire =
        Rfc6455Vectors.concat(
            Rfc6455Vectors.all().map(Rfc6455Vectors.Vector::wire).toArray(byte[][]::new));
    List<RecordedFrame> expected =
        Rfc6455Vectors.all().flatMap(v -> v.frames().stream()).toList();
    assertThat(parseWhole(wire)).isEqualTo(expected);
  }

  @Test
  void maskedPayloadIsUnmaskedInTheCallersBuffer() throws ProtocolViolation {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    new FrameParser(125).parse(in, new RecordingFrameSink());
    assertThat(Hex.of(in.array())).isEqualTo("81 85 37 fa 21 3d 48 65 6c 6c 6f");
  }

  @Test
  void unmaskedFramesParseFromReadOnlyBuffers() throws ProtocolViolation {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("81 05 48 65 6c 6c 6f")).asReadOnlyBuffer();
    RecordingFrameSink sink = new RecordingFrameSink();
    new FrameParser(125).parse(in, sink);
    assertThat(sink.frames())
        .containsExactly(
            RecordedFrame.of(true, 0, Opcode.TEXT, false, "Hello".getBytes(US_ASCII)));
  }

  @Test
  void emptyPayloadGivesHeaderThenEndWithoutPayloadCall() throws ProtocolViolation {
    FrameParser parser = new FrameParser(0);
    RecordingFrameSink sink = new RecordingFrameSink();
    parser.parse(ByteBuffer.wrap(Hex.bytes("89 00 8a 80 01 02 03 04")), sink);
    assertThat(sink.frames())
        .containsExactly(
            RecordedFrame.of(true, 0, Opcode.PING, false, new byte[0]),
            RecordedFrame.of(true, 0, Opcode.PONG, true, new byte[0]));
    assertThat(sink.pieces()).isZero();
    assertThat(parser.isAtFrameBoundary()).isTrue();
  }

  @Test
  void headerBitsAreReportedRawForTheSinkToJudge() throws ProtocolViolation {
    // FIN clear, RSV1+RSV3 set, reserved opcode 0xB, masked control frame of 126 bytes: all
    // invalid by RFC 6455 rules, none the parser's business.
    byte[] payload = Rfc6455Vectors.pattern(126);
    byte[] wire =
        FrameEncoder.encode(false, 5, 0xB, ByteBuffer.wrap(payload), true, 0x01020304).array();
    assertThat(parseWhole(wire))
        .containsExactly(RecordedFrame.of(false, 5, 0xB, true, payload));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537})
  void lengthsAroundEncodingEdgesRoundTrip(int length) throws ProtocolViolation {
    byte[] payload = Rfc6455Vectors.pattern(length);
    for (boolean masked : new boolean[] {false, true}) {
      byte[] wire =
          FrameEncoder.encode(true, 0, Opcode.BINARY, ByteBuffer.wrap(payload), masked, 0xCAFEBABE)
              .array();
      assertThat(parseWhole(wire))
          .containsExactly(RecordedFrame.of(true, 0, Opcode.BINARY, masked, payload));
    }
  }

  @Test
  void rfc6455Section5_2LengthEncodingsAtTheirEdges() throws ProtocolViolation {
    // 7-bit field up to 125; 126 announces 16 bits; 127 announces 64 bits.
    assertThat(declaredLength("82 7d")).isEqualTo(125);
    assertThat(declaredLength("82 7e 00 7e")).isEqualTo(126);
    assertThat(declaredLength("82 7e ff ff")).isEqualTo(65535);
    assertThat(declaredLength("82 7f 00 00 00 00 00 01 00 00")).isEqualTo(65536);
    assertThat(declaredLength("82 7f 7f ff ff ff ff ff ff ff")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void nonMinimalLengthEncodingIsAccepted() throws ProtocolViolation {
    // RFC 6455 §5.2 binds senders to the minimal form but gives receivers no action; we accept.
    assertThat(declaredLength("82 7e 00 05")).isEqualTo(5);
    assertThat(declaredLength("82 7f 00 00 00 00 00 00 00 7d")).isEqualTo(125);
  }

  /** Parses a header alone and returns the length the sink saw. */
  private static long declaredLength(String header) throws ProtocolViolation {
    long[] seen = {-1};
    FrameSink sink =
        new NoPayloadSink() {
          @Override
          public void frameHeader(boolean fin, int rsv, int op, boolean masked, long length) {
            seen[0] = length;
          }
        };
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    parser.parse(ByteBuffer.wrap(Hex.bytes(header)), sink);
    assertThat(parser.isAtFrameBoundary()).isFalse();
    return seen[0];
  }

  @Test
  void rfc6455Section5_2LengthWithMostSignificantBitSetIsRejected() {
    byte[] wire = Hex.bytes("82 7f 80 00 00 00 00 00 00 00 01 02 03");
    Partitions.forEach(
        wire,
        chunks -> {
          FrameParser parser = new FrameParser(Long.MAX_VALUE);
          RecordingFrameSink sink = new RecordingFrameSink();
          assertThatThrownBy(
                  () -> {
                    for (byte[] chunk : chunks) {
                      parser.parse(ByteBuffer.wrap(chunk), sink);
                    }
                  })
              .isInstanceOfSatisfying(
                  ProtocolViolation.class,
                  e -> assertThat(e.violation()).isEqualTo(Violation.LENGTH_OUT_OF_RANGE));
          assertThat(sink.headers()).isZero();
        });
  }

  @Test
  void frameOverTheLimitIsRejectedFromItsHeaderBeforeAnyPayload() {
    byte[] wire = Rfc6455Vectors.concat(Hex.bytes("82 7e 03 e9"), Rfc6455Vectors.pattern(1001));
    Partitions.forEach(
        wire,
        chunks -> {
          FrameParser parser = new FrameParser(1000);
          RecordingFrameSink sink = new RecordingFrameSink();
          assertThatThrownBy(
                  () -> {
                    for (byte[] chunk : chunks) {
                      parser.parse(ByteBuffer.wrap(chunk), sink);
                    }
                  })
              .isInstanceOfSatisfying(
                  ProtocolViolation.class,
                  e -> {
                    assertThat(e.violation()).isEqualTo(Violation.FRAME_TOO_BIG);
                    assertThat(e.closeCode()).isEqualTo(1009);
                  });
          assertThat(sink.headers()).isZero();
          assertThat(sink.pieces()).isZero();
        });
  }

  @Test
  void frameAtTheLimitIsAccepted() throws ProtocolViolation {
    byte[] payload = Rfc6455Vectors.pattern(1000);
    byte[] wire =
        FrameEncoder.encode(true, 0, Opcode.BINARY, ByteBuffer.wrap(payload), true, 7).array();
    RecordingFrameSink sink = parseChunks(new FrameParser(1000), List.of(wire));
    assertThat(sink.frames()).containsExactly(RecordedFrame.of(true, 0, 2, true, payload));
  }

  @Test
  void loweredLimitAppliesToTheNextHeader() throws ProtocolViolation {
    FrameParser parser = new FrameParser(10);
    RecordingFrameSink sink = new RecordingFrameSink();
    parser.parse(ByteBuffer.wrap(Hex.bytes("82 02 01 02")), sink);
    parser.setMaxFramePayload(1);
    assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(Hex.bytes("82 02 01 02")), sink))
        .isInstanceOfSatisfying(
            ProtocolViolation.class,
            e -> assertThat(e.violation()).isEqualTo(Violation.FRAME_TOO_BIG));
    assertThat(sink.frames()).hasSize(1);
  }

  @Test
  void negativeLimitIsRejected() {
    assertThatThrownBy(() -> new FrameParser(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void frameBoundaryIsTrackedThroughHeaderAndPayload() throws ProtocolViolation {
    FrameParser parser = new FrameParser(125);
    RecordingFrameSink sink = new RecordingFrameSink();
    assertThat(parser.isAtFrameBoundary()).isTrue();
    byte[] wire = Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    for (int i = 0; i < wire.length; i++) {
      parser.parse(ByteBuffer.wrap(wire, i, 1), sink);
      assertThat(parser.isAtFrameBoundary()).as("after byte %d", i).isEqualTo(i == wire.length - 1);
    }
  }

  @Test
  void emptyInputChangesNothing() throws ProtocolViolation {
    FrameParser parser = new FrameParser(125);
    RecordingFrameSink sink = new RecordingFrameSink();
    parser.parse(ByteBuffer.allocate(0), sink);
    assertThat(parser.isAtFrameBoundary()).isTrue();
    assertThat(sink.headers()).isZero();
  }

  @Test
  void sinkFailureStopsParsingAndLeavesTheParserUnusable() {
    FrameParser parser = new FrameParser(125);
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("81 05 48 65 6c 6c 6f 81 05 48 65 6c 6c 6f"));
    int[] headers = {0};
    FrameSink failing =
        new NoPayloadSink() {
          @Override
          public void frameHeader(boolean fin, int rsv, int op, boolean masked, long length)
              throws ProtocolViolation {
            headers[0]++;
            throw new ProtocolViolation(Violation.UNKNOWN_OPCODE);
          }
        };
    assertThatThrownBy(() -> parser.parse(in, failing))
        .isInstanceOfSatisfying(
            ProtocolViolation.class,
            e -> assertThat(e.violation()).isEqualTo(Violation.UNKNOWN_OPCODE));
    assertThat(headers[0]).isEqualTo(1);
    assertThatThrownBy(() -> parser.parse(in, new RecordingFrameSink()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sinkMovingOrReorderingTheViewDoesNotDisturbTheParser() throws ProtocolViolation {
    byte[] first = Rfc6455Vectors.pattern(300);
    byte[] second = Rfc6455Vectors.pattern(40);
    byte[] wire =
        Rfc6455Vectors.concat(
            FrameEncoder.encode(false, 0, 2, ByteBuffer.wrap(first), true, 0x11223344).array(),
            FrameEncoder.encode(true, 0, 0, ByteBuffer.wrap(second), true, 0x55667788).array());
    RecordingFrameSink recorder = new RecordingFrameSink();
    FrameSink vandal =
        new FrameSink() {
          @Override
          public void frameHeader(boolean fin, int rsv, int op, boolean masked, long length) {
            recorder.frameHeader(fin, rsv, op, masked, length);
          }

          @Override
          public void framePayload(ByteBuffer piece) {
            // A view is big-endian, whatever an earlier piece's sink did to it.
            assertThat(piece.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
            recorder.framePayload(piece.duplicate());
            piece.order(ByteOrder.LITTLE_ENDIAN).mark();
            piece.position(piece.limit()).limit(0);
          }

          @Override
          public void frameEnd() {
            recorder.frameEnd();
          }
        };
    FrameParser parser = new FrameParser(1000);
    // The same read buffer reused for every chunk, so the parser reuses its view too.
    ByteBuffer in = ByteBuffer.allocate(64);
    for (int at = 0; at < wire.length; at += 37) {
      in.clear();
      in.put(wire, at, Math.min(37, wire.length - at)).flip();
      parser.parse(in, vandal);
    }
    assertThat(recorder.frames())
        .containsExactly(
            RecordedFrame.of(false, 0, 2, true, first), RecordedFrame.of(true, 0, 0, true, second));
  }

  @Test
  void viewCoversOnlyTheCurrentFramesBytes() throws ProtocolViolation {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("00 7f 82 02 aa bb 82 01 cc 00"));
    in.position(2).limit(9); // surrounding bytes are not ours
    StringBuilder pieces = new StringBuilder();
    new FrameParser(125)
        .parse(
            in,
            new NoPayloadSink() {
              @Override
              public void framePayload(ByteBuffer piece) {
                pieces.append('[').append(Hex.of(piece)).append(']');
              }
            });
    assertThat(pieces).hasToString("[aa bb][cc]");
  }

  /** A sink that accepts headers and ends and fails on payload, for header-only tests. */
  private static class NoPayloadSink implements FrameSink {
    @Override
    public void frameHeader(boolean fin, int rsv, int op, boolean masked, long length)
        throws ProtocolViolation {}

    @Override
    public void framePayload(ByteBuffer payload) {
      throw new AssertionError("unexpected payload");
    }

    @Override
    public void frameEnd() {}
  }
}
