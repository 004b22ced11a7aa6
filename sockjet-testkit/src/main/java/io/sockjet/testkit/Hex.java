package io.sockjet.testkit;

import java.nio.ByteBuffer;

/**
 * Hex strings for test vectors, written as the RFCs print them: {@code Hex.bytes("81 05 48 65")}.
 * White space between bytes is ignored.
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Decodes hex digits, ignoring white space; fails on an odd count or a non-hex character. */
  public static byte[] bytes(String hex) {
    String digits = hex.replaceAll("\\s+", "");
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + hex);
    }
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(digits.charAt(2 * i), 16);
      int lo = Character.digit(digits.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not hex: " + hex);
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  /** Encodes bytes as lower-case hex pairs separated by single spaces. */
  public static String of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** Encodes the remaining bytes of a buffer without moving its position. */
  public static String of(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return of(copy);
  }

  private static String of(byte[] bytes, int offset, int length) {
    StringBuilder sb = new StringBuilder(length * 3);
    for (int i = offset; i < offset + length; i++) {
      if (i > offset) {
        sb.append(' ');
      }
      sb.append(DIGITS[(bytes[i] >> 4) & 0xf]).append(DIGITS[bytes[i] & 0xf]);
    }
    return sb.toString();
  }
}
