package io.sockjet.protocol.deflate;

/**
 * The argument ranges every {@link Zlib} implementation accepts, checked in one place so the
 * implementations agree on what is caller misuse. Stateless.
 */
final class DeflateArguments {
  private DeflateArguments() {}

  /** Checks a compressor's settings against zlib's ranges: level -1..9, window 8..15, memLevel 1..9. */
  static void checkDeflater(int level, int windowBits, int memLevel) {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException("level must be -1 to 9: " + level);
    }
    checkWindow(windowBits);
    if (memLevel < 1 || memLevel > 9) {
      throw new IllegalArgumentException("memLevel must be 1 to 9: " + memLevel);
    }
  }

  /** Checks a window size: RFC 7692 §7.1.2 allows 8 to 15 bits. */
  static void checkWindow(int windowBits) {
    if (windowBits < 8 || windowBits > 15) {
      throw new IllegalArgumentException("window bits must be 8 to 15: " + windowBits);
    }
  }
}
