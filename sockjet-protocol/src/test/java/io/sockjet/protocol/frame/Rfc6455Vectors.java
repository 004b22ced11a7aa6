package io.sockjet.protocol.frame;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.sockjet.testkit.Hex;
import java.util.List;
import java.util.stream.Stream;

/**
 * Immutable. The framing examples of RFC 6455 §5.7, as wire bytes and the frames they carry.
 * Masked examples use the RFC's key {@code 37 fa 21 3d}.
 */
final class Rfc6455Vectors {

  /** The masking key of the RFC's masked examples. */
  static final int RFC_KEY = 0x37fa213d;

  /** One example: its wire bytes and the frames a parser must report for them. */
  record Vector(String name, byte[] wire, List<RecordedFrame> frames) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Rfc6455Vectors() {}

  static Stream<Vector> all() {
    byte[] hello = "Hello".getBytes(US_ASCII);
    byte[] binary256 = pattern(256);
    byte[] binary64k = pattern(65536);
    return Stream.of(
        new Vector(
            "single-frame unmasked text",
            Hex.bytes("81 05 48 65 6c 6c 6f"),
            List.of(RecordedFrame.of(true, 0, Opcode.TEXT, false, hello))),
        new Vector(
            "single-frame masked text",
            Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
            List.of(RecordedFrame.of(true, 0, Opcode.TEXT, true, hello))),
        new Vector(
            "fragmented unmasked text",
            Hex.bytes("01 03 48 65 6c 80 02 6c 6f"),
            List.of(
                RecordedFrame.of(false, 0, Opcode.TEXT, false, "Hel".getBytes(US_ASCII)),
                RecordedFrame.of(true, 0, Opcode.CONTINUATION, false, "lo".getBytes(US_ASCII)))),
        new Vector(
            "unmasked ping",
            Hex.bytes("89 05 48 65 6c 6c 6f"),
            List.of(RecordedFrame.of(true, 0, Opcode.PING, false, hello))),
        new Vector(
            "masked pong",
            Hex.bytes("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
            List.of(RecordedFrame.of(true, 0, Opcode.PONG, true, hello))),
        new Vector(
            "256-byte binary, 16-bit length",
            concat(Hex.bytes("82 7e 01 00"), binary256),
            List.of(RecordedFrame.of(true, 0, Opcode.BINARY, false, binary256))),
        new Vector(
            "64 KiB binary, 64-bit length",
            concat(Hex.bytes("82 7f 00 00 00 00 00 01 00 00"), binary64k),
            List.of(RecordedFrame.of(true, 0, Opcode.BINARY, false, binary64k))));
  }

  /** Bytes whose values vary with their index, so a misplaced byte shows. */
  static byte[] pattern(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i * 31 + (i >>> 8));
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
