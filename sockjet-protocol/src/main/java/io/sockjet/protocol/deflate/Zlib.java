package io.sockjet.protocol.deflate;

/**
 * Makes raw DEFLATE compressors and decompressors. Two implementations exist: the system zlib
 * called through the Foreign Function and Memory API (Java 22 and later, where the library
 * loads), which honours every LZ77 window size and memory level; and {@code java.util.zip},
 * which is always there but whose {@code Deflater} has no window setting, so below 15 bits it
 * compresses with Huffman codes only (no back references, which fit any window). Both compress
 * for every window RFC 7692 allows, so what is negotiated does not depend on the JDK.
 *
 * <p>Thread-safe and stateless; the instances it makes are not.
 */
public interface Zlib {

  /** The best implementation this JVM offers: the system zlib if it loads, else {@link #jdk()}. */
  static Zlib system() {
    return ZlibLoader.SYSTEM;
  }

  /**
   * {@code java.util.zip}: available everywhere; compresses with its full window at 15 bits and
   * with Huffman codes only below, a smaller ratio for the same memory.
   */
  static Zlib jdk() {
    return JdkZlib.INSTANCE;
  }

  /** A short name for logs: {@code "zlib 1.2.13 (native)"} or {@code "java.util.zip"}. */
  String name();

  /**
   * Whether {@link #newDeflater} honours {@code windowBits} exactly, never producing a back
   * reference further than {@code 2^windowBits} bytes (RFC 7692 §7.1.2). Decompression accepts
   * every window size in both implementations: a decompressor with a bigger window reads any
   * stream made with a smaller one.
   */
  boolean canDeflateWithWindow(int windowBits);

  /** Whether {@code memLevel} (zlib's 1..9) is honoured; false means the default, 8, is used. */
  boolean honoursMemLevel();

  /**
   * A compressor.
   *
   * @param level 0 (store) to 9 (smallest), or -1 for zlib's default (6)
   * @param windowBits 8 to 15; must satisfy {@link #canDeflateWithWindow}
   * @param memLevel 1 to 9: memory for the internal state, {@code 2^(memLevel+9)} bytes
   * @throws IllegalArgumentException for a window this implementation cannot honour
   */
  RawDeflater newDeflater(int level, int windowBits, int memLevel);

  /**
   * A decompressor for streams made with a window of at most {@code 2^windowBits} bytes.
   *
   * @param windowBits 8 to 15
   */
  RawInflater newInflater(int windowBits);

  /**
   * Native memory a compressor holds, in bytes, by zlib's own formula (zconf.h): {@code
   * 2^(windowBits+2) + 2^(memLevel+9)} plus the fixed state. Used for the compression budget. A
   * window of 8 bits counts as 9, which is what zlib allocates for it. The native binding adds up
   * to 32 KiB of copy buffers once it is handed heap {@code ByteBuffer}s.
   */
  static long deflaterBytes(int windowBits, int memLevel) {
    return (1L << (Math.max(windowBits, 9) + 2)) + (1L << (memLevel + 9)) + 6 * 1024;
  }

  /**
   * Native memory a decompressor holds, in bytes: {@code 2^windowBits} (8 counting as 9) plus
   * about 7 KiB. {@code java.util.zip} always takes the 15-bit size.
   */
  static long inflaterBytes(int windowBits) {
    return (1L << Math.max(windowBits, 9)) + 7 * 1024;
  }
}
