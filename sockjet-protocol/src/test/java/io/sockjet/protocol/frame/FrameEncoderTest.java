package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FrameEncoderTest {

  static Stream<Rfc6455Vectors.Vector> rfcVectors() {
    return Rfc6455Vectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void rfc6455Section5_7ExamplesEncodeToTheirExactBytes(Rfc6455Vectors.Vector vector) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (RecordedFrame f : vector.frames()) {
      ByteBuffer frame =
          FrameEncoder.encode(
              f.fin(), f.rsv(), f.opcode(), ByteBuffer.wrap(f.payload()), f.masked(),
              Rfc6455Vectors.RFC_KEY);
      wire.writeBytes(readAll(frame));
    }
    assertThat(Hex.of(wire.toByteArray())).isEqualTo(Hex.of(vector.wire()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcVectors")
  void rfc6455Section5_7ExamplesEncodeResumablyThroughAThreeByteBuffer(
      Rfc6455Vectors.Vector vector) {
    FrameEncoder encoder = new FrameEncoder();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteBuffer dst = ByteBuffer.allocate(3);
    for (RecordedFrame f : vector.frames()) {
      encoder.begin(
          f.fin(), f.rsv(), f.opcode(), ByteBuffer.wrap(f.payload()), f.masked(),
          Rfc6455Vectors.RFC_KEY);
      boolean done;
      do {
        dst.clear();
        done = encoder.encode(dst);
        wire.writeBytes(readAll(dst.flip()));
      } while (!done);
    }
    assertThat(Hex.of(wire.toByteArray())).isEqualTo(Hex.of(vector.wire()));
  }

  @ParameterizedTest
  @CsvSource({
    "0, false, 2", "125, false, 2", "126, false, 4", "65535, false, 4", "65536, false, 10",
    "9223372036854775807, false, 10", "0, true, 6", "125, true, 6", "126, true, 8",
    "65535, true, 8", "65536, true, 14"
  })
  void rfc6455Section5_2HeaderLengthUsesTheMinimalEncoding(
      long payloadLength, boolean masked, int expected) {
    assertThat(FrameEncoder.headerLength(payloadLength, masked)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "125, 82 7d",
    "126, 82 7e 00 7e",
    "65535, 82 7e ff ff",
    "65536, 82 7f 00 00 00 00 00 01 00 00",
    "9223372036854775807, 82 7f 7f ff ff ff ff ff ff ff"
  })
  void rfc6455Section5_2HeaderWritesLengthsAtTheirEdges(long payloadLength, String hex) {
    ByteBuffer dst = ByteBuffer.allocate(16);
    FrameEncoder.writeHeader(dst, true, 0, Opcode.BINARY, payloadLength, false, 0);
    assertThat(Hex.of(dst.flip())).isEqualTo(hex);
  }

  @Test
  void headerPlacesReservedBitsAndOpcodeAndIgnoresBufferByteOrder() {
    ByteBuffer dst = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    FrameEncoder.writeHeader(dst, false, 4, 0xF, 300, true, 0x01020304);
    assertThat(Hex.of(dst.flip())).isEqualTo("4f fe 01 2c 01 02 03 04");
  }

  @Test
  void writeHeaderRejectsOutOfRangeArguments() {
    ByteBuffer dst = ByteBuffer.allocate(16);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, 0, 1, -1, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, 8, 1, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, -1, 1, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, 0, 16, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, 0, -1, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.headerLength(-1, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dst.position()).isZero();
  }

  @Test
  void writeHeaderWritesNothingWithoutRoomForAllOfIt() {
    ByteBuffer dst = ByteBuffer.allocate(7);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(dst, true, 0, 2, 200, true, 1))
        .isInstanceOf(BufferOverflowException.class);
    assertThat(dst.position()).isZero();
    assertThat(dst.array()).containsOnly(0);
  }

  @Test
  void staticEncodeNeitherMovesNorModifiesThePayload() {
    ByteBuffer payload = ByteBuffer.wrap(Hex.bytes("00 11 48 65 6c 6c 6f 22"));
    payload.position(2).limit(7);
    ByteBuffer frame = FrameEncoder.encode(true, 0, Opcode.TEXT, payload, true, 0x37fa213d);
    assertThat(Hex.of(frame)).isEqualTo("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    assertThat(payload.position()).isEqualTo(2);
    assertThat(payload.limit()).isEqualTo(7);
    assertThat(Hex.of(payload.array())).isEqualTo("00 11 48 65 6c 6c 6f 22");
  }

  @Test
  void resumableEncoderNeverModifiesOrMovesTheSourcePayload() {
    byte[] original = Rfc6455Vectors.pattern(70_000);
    ByteBuffer payload = ByteBuffer.wrap(original.clone());
    payload.position(5);
    FrameEncoder encoder = new FrameEncoder();
    encoder.begin(true, 0, Opcode.BINARY, payload, true, 0xDEADBEEF);
    ByteBuffer dst = ByteBuffer.allocateDirect(1000);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    boolean done;
    do {
      dst.clear();
      done = encoder.encode(dst);
      wire.writeBytes(readAll(dst.flip()));
    } while (!done);
    assertThat(payload.array()).isEqualTo(original);
    assertThat(payload.position()).isEqualTo(5);
    assertThat(payload.limit()).isEqualTo(70_000);
    ByteBuffer expected =
        FrameEncoder.encode(true, 0, Opcode.BINARY, payload, true, 0xDEADBEEF);
    assertThat(wire.toByteArray()).isEqualTo(readAll(expected));
  }

  @Test
  void resumableEncoderMakesNoProgressIntoAFullBufferAndResumes() {
    FrameEncoder encoder = new FrameEncoder();
    encoder.begin(true, 0, Opcode.PING, ByteBuffer.wrap(Hex.bytes("01 02")), false, 0);
    ByteBuffer full = ByteBuffer.allocate(0);
    assertThat(encoder.encode(full)).isFalse();
    ByteBuffer dst = ByteBuffer.allocate(4);
    assertThat(encoder.encode(dst)).isTrue();
    assertThat(Hex.of(dst.flip())).isEqualTo("89 02 01 02");
  }

  @Test
  void resumableEncoderEncodesEmptyPayloads() {
    FrameEncoder encoder = new FrameEncoder();
    encoder.begin(true, 0, Opcode.CLOSE, ByteBuffer.allocate(0), true, 0x01020304);
    ByteBuffer dst = ByteBuffer.allocate(6);
    assertThat(encoder.encode(dst)).isTrue();
    assertThat(Hex.of(dst.flip())).isEqualTo("88 80 01 02 03 04");
  }

  @Test
  void resumableEncoderRejectsMisuse() {
    FrameEncoder encoder = new FrameEncoder();
    assertThatThrownBy(() -> encoder.encode(ByteBuffer.allocate(8)))
        .isInstanceOf(IllegalStateException.class);
    encoder.begin(true, 0, Opcode.BINARY, ByteBuffer.allocate(10), false, 0);
    assertThatThrownBy(
            () -> encoder.begin(true, 0, Opcode.BINARY, ByteBuffer.allocate(1), false, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThat(encoder.encode(ByteBuffer.allocate(12))).isTrue();
    assertThatThrownBy(() -> encoder.encode(ByteBuffer.allocate(8)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> encoder.begin(true, 9, Opcode.BINARY, ByteBuffer.allocate(1), false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    // A rejected begin leaves the encoder idle and usable.
    encoder.begin(true, 0, Opcode.BINARY, ByteBuffer.allocate(1), false, 0);
    assertThat(encoder.encode(ByteBuffer.allocate(3))).isTrue();
  }

  private static byte[] readAll(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
