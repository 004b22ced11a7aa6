package io.sockjet.protocol.deflate;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic test inputs. Stateless. */
final class Samples {
  private Samples() {}

  /** JSON-like text of exactly {@code size} bytes: compressible, with long-range repeats. */
  static byte[] text(int size) {
    StringBuilder sb = new StringBuilder(size + 100);
    for (int i = 0; sb.length() < size; i++) {
      sb.append("{\"id\":").append(i * 7919 % 100_000)
          .append(",\"type\":\"").append(i % 3 == 0 ? "update" : "insert")
          .append("\",\"name\":\"sockjet-").append(i % 17)
          .append("\",\"ok\":").append(i % 2 == 0).append("}\n");
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code size} seeded random bytes: incompressible. */
  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code block} repeated twice: its only repeats are at distance {@code block.length}. */
  static byte[] twice(byte[] block) {
    byte[] bytes = new byte[block.length * 2];
    System.arraycopy(block, 0, bytes, 0, block.length);
    System.arraycopy(block, 0, bytes, block.length, block.length);
    return bytes;
  }
}
