package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameParser#parse(ByteBuffer, FrameSink, int)}: a caller that hands back what the parser
 * left gets every frame that fits whole, as one piece, and everything else as before.
 */
class FrameParserKeepingTest {

  static Stream<Rfc6455Vectors.Vector> rfcVectors() {
    return Rfc6455Vectors.all();
  }

  /**
   * Feeds chunks as a transport that keeps unconsumed bytes would: what the parser left comes
   * back in front of the next chunk. Returns what is left after the last chunk.
   */
  static ByteBuffer feedKeeping(FrameParser parser, FrameSink sink, List<byte[]> chunks,
      int keepable) throws ProtocolViolation {
    ByteBuffer left = ByteBuffer.allocate(0);
    for (byte[] chunk : chunks) {
      ByteBuffer in = ByteBuffer.allocate(left.remaining() + chunk.length);
      in.put(left).put(chunk).flip();
      parser.parse(in, sink, keepable);
      assertThat(in.remaining()).as("bytes left").isLessThanOrEqualTo(keepable);
      left = in.slice();
    }
    return left;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void everyFrameThatFitsArrivesAsOnePieceUnderEveryPartition(Rfc6455Vectors.Vector vector) {
    long withPayload = vector.frames().stream().filter(f -> f.length() > 0).count();
    Partitions.forEach(vector.wire(), chunks -> {
      FrameParser parser = new FrameParser(Long.MAX_VALUE);
      RecordingFrameSink sink = new RecordingFrameSink();
      try {
        ByteBuffer left = feedKeeping(parser, sink, chunks, 1 << 20);
        assertThat(left.hasRemaining()).isFalse();
      } catch (ProtocolViolation e) {
        throw new AssertionError(e);
      }
      assertThat(sink.frames()).as("%d chunks", chunks.size()).isEqualTo(vector.frames());
      assertThat(sink.pieces()).as("payload pieces").isEqualTo(withPayload);
      assertThat(parser.isAtFrameBoundary()).isTrue();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void framesLargerThanWhatIsKeptStreamAsBefore(Rfc6455Vectors.Vector vector) {
    // 16 bytes kept: the 256-byte and 64 KiB examples stream in pieces, the small ones are kept.
    Partitions.forEach(vector.wire(), chunks -> {
      FrameParser parser = new FrameParser(Long.MAX_VALUE);
      RecordingFrameSink sink = new RecordingFrameSink();
      try {
        assertThat(feedKeeping(parser, sink, chunks, 16).hasRemaining()).isFalse();
      } catch (ProtocolViolation e) {
        throw new AssertionError(e);
      }
      assertThat(sink.frames()).isEqualTo(vector.frames());
    });
  }

  @Test
  void aPartialFrameIsLeftUnreportedFromItsFirstByte() throws ProtocolViolation {
    // A whole "Hello" frame, then the first 4 of the 7 bytes of another.
    byte[] wire = Hex.bytes("81 05 48 65 6c 6c 6f 81 05 48 65");
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    RecordingFrameSink sink = new RecordingFrameSink();
    ByteBuffer in = ByteBuffer.wrap(wire);
    parser.parse(in, sink, 64);
    assertThat(sink.frames()).hasSize(1);
    assertThat(sink.headers()).as("nothing of the partial frame reported").isEqualTo(1);
    assertThat(in.position()).isEqualTo(7);
    assertThat(parser.isAtFrameBoundary()).isTrue();
  }

  @Test
  void aSplitHeaderIsLeftWhenKeptAndGatheredWhenNot() throws ProtocolViolation {
    byte[] firstByte = Hex.bytes("82");
    FrameParser keeping = new FrameParser(Long.MAX_VALUE);
    ByteBuffer in = ByteBuffer.wrap(firstByte);
    keeping.parse(in, new RecordingFrameSink(), FrameParser.MAX_HEADER_LENGTH);
    assertThat(in.remaining()).isEqualTo(1);

    FrameParser streaming = new FrameParser(Long.MAX_VALUE);
    ByteBuffer again = ByteBuffer.wrap(firstByte);
    streaming.parse(again, new RecordingFrameSink(), FrameParser.MAX_HEADER_LENGTH - 1);
    assertThat(again.hasRemaining()).isFalse();
    assertThat(streaming.isAtFrameBoundary()).isFalse();
  }

  @Test
  void aFrameOverTheLimitIsRefusedFromItsHeaderNotKept() {
    // 100-byte payload announced, 2 bytes of it present, limit 10: refused at once.
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("82 64 00 01"));
    FrameParser parser = new FrameParser(10);
    assertThatThrownBy(() -> parser.parse(in, new RecordingFrameSink(), 1 << 20))
        .isInstanceOfSatisfying(ProtocolViolation.class,
            v -> assertThat(v.violation()).isEqualTo(Violation.FRAME_TOO_BIG));
  }

  @Test
  void aLengthWithItsTopBitSetIsRefusedNotKept() {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("82 7f 80 00 00 00 00 00 00 00 00"));
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    assertThatThrownBy(() -> parser.parse(in, new RecordingFrameSink(), 1 << 20))
        .isInstanceOfSatisfying(ProtocolViolation.class,
            v -> assertThat(v.violation()).isEqualTo(Violation.LENGTH_OUT_OF_RANGE));
  }

  @Test
  void aMaskedFrameKeptThenCompletedIsUnmaskedOnce() throws ProtocolViolation {
    // RFC 6455 §5.7's masked "Hello", split after its key and two payload bytes.
    byte[] wire = Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    RecordingFrameSink sink = new RecordingFrameSink();
    ByteBuffer left = feedKeeping(parser, sink,
        List.of(java.util.Arrays.copyOf(wire, 8), java.util.Arrays.copyOfRange(wire, 8, 11)), 64);
    assertThat(left.hasRemaining()).isFalse();
    assertThat(new String(sink.frames().get(0).payload(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("Hello");
    assertThat(sink.pieces()).isEqualTo(1);
  }
}
