package io.sockjet.protocol.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Stateless; safe from any thread for buffers no other thread uses meanwhile. Applies the RFC 6455 §5.3 masking transform to bytes in place.
 *
 * <p>RFC 6455 §5.3: "Octet i of the transformed data ("transformed-octet-i") is the XOR of octet
 * i of the original data ("original-octet-i") with octet at index i modulo 4 of the masking key
 * ("masking-key-octet-j")". The same transform masks and unmasks.
 *
 * <p>A payload often arrives (or is written) in pieces; {@code keyOffset} is the index within the
 * whole payload of the first byte of the piece, so that each piece continues the key where the
 * previous one stopped.
 */
public final class Masker {

  /**
   * The CPU's byte order. Wide accesses run in this order: C2 vectorises a {@code getLong/putLong}
   * loop in native order, but not one that byte-swaps each long ({@code MaskBenchmark}, 64 KiB heap
   * buffer: about 20 GB/s in native order against 4.5 GB/s big-endian, same noisy machine).
   */
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private Masker() {}

  /**
   * XORs bytes {@code [from, to)} of {@code buf} (absolute indexes) with the masking key, the byte
   * at {@code from} taking key byte {@code keyOffset % 4}. Works on heap and direct buffers alike.
   * Position, limit and mark are untouched; the byte order is switched to native for the duration
   * of the call and restored before it returns (normally or not), so the result never depends on
   * it.
   *
   * @param buf a writable buffer
   * @param from the first index to transform, {@code 0 <= from <= to}
   * @param to one past the last index to transform, {@code to <= buf.limit()}
   * @param key the 32-bit masking key; its most significant byte is key byte 0 (network order)
   * @param keyOffset the index of byte {@code from} within the masked payload, {@code >= 0}
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, buf.limit())}
   * @throws java.nio.ReadOnlyBufferException if {@code buf} is read-only and the range not empty
   */
  public static void mask(ByteBuffer buf, int from, int to, int key, long keyOffset) {
    Objects.checkFromToIndex(from, to, buf.limit());
    // Rotate so that the key's most significant byte is the one for index `from`.
    // (keyOffset & 3) equals keyOffset % 4 for the non-negative offsets we accept.
    int rotated = Integer.rotateLeft(key, 8 * (int) (keyOffset & 3));
    long wide = (rotated & 0xFFFF_FFFFL) << 32 | (rotated & 0xFFFF_FFFFL);
    // `wide` is the key as the 8 bytes in memory would read as a big-endian long; the loop reads
    // in native order, where on a little-endian CPU the lowest-addressed byte is the least
    // significant, so there the key is byte-reversed to match.
    if (NATIVE == ByteOrder.LITTLE_ENDIAN) {
      wide = Long.reverseBytes(wide);
    }
    int i = from;
    ByteOrder callersOrder = buf.order();
    buf.order(NATIVE);
    try {
      // Invariant: every 8-byte step consumes two whole keys, so the key phase at i stays 0
      // relative to `rotated`.
      for (int end = to - 7; i < end; i += 8) {
        buf.putLong(i, buf.getLong(i) ^ wide);
      }
    } finally {
      buf.order(callersOrder);
    }
    for (; i < to; i++) {
      int shift = 24 - 8 * ((i - from) & 3);
      buf.put(i, (byte) (buf.get(i) ^ (rotated >>> shift)));
    }
  }
}
