package io.sockjet.protocol.frame;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Objects;

/**
 * Stateless; safe from any thread for buffers no other thread uses meanwhile. Applies the RFC 6455
 * §5.3 masking transform to bytes in place.
 *
 * <p>RFC 6455 §5.3: "Octet i of the transformed data ("transformed-octet-i") is the XOR of octet
 * i of the original data ("original-octet-i") with octet at index i modulo 4 of the masking key
 * ("masking-key-octet-j")". The same transform masks and unmasks.
 *
 * <p>A payload often arrives (or is written) in pieces; {@code keyOffset} is the index within the
 * whole payload of the first byte of the piece, so that each piece continues the key where the
 * previous one stopped.
 *
 * <p>How the bytes are reached decides the speed, and it must not depend on where the JIT
 * compiler happens to inline this class (it is called deep inside the read path). Measured with
 * {@code MaskBenchmark} and at a call depth of 11, on JDK 17 and 25:
 * <ul>
 *   <li>{@code ByteBuffer.getLong/putLong} is vectorised (about 1 µs per 64 KiB) when compiled
 *       near the top of a compilation, but {@code DirectByteBuffer.getLong(int)} is an ordinary
 *       call that C2 stops inlining past its depth limit: deep down, the loop made a call per 8
 *       bytes, 37 to 75 µs per 64 KiB. Which happened was decided once per JVM, so one echo
 *       server in three ran 64 KiB messages at half speed for its whole life. The same loop seeing
 *       heap and direct buffers at one call site was not vectorised either.
 *   <li>Heap arrays, through an array-view {@link VarHandle}: about 1 µs per 64 KiB at any depth.
 *   <li>Direct memory, through a {@link LongBuffer} view: 1.8 to 2.5 µs, where the byte-buffer
 *       {@code VarHandle} was not vectorised on JDK 17 and degraded with depth too. The view's
 *       own accessors are ordinary calls as well, so its loop is kept out of callers' compiled
 *       code altogether (see {@link #maskLongsApart}).
 * </ul>
 */
public final class Masker {

  /**
   * The CPU's byte order. Wide accesses run in this order: C2 vectorises a loop of longs in native
   * order, but not one that byte-swaps each long ({@code MaskBenchmark}, 64 KiB heap buffer: about
   * 20 GB/s in native order against 4.5 GB/s big-endian, same noisy machine).
   */
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  /** Longs of a byte array in native order, at any byte index. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, NATIVE);

  /** Ranges of direct memory shorter than this are masked a byte at a time: no view is worth it. */
  private static final int MIN_VIEWED = 64;

  private Masker() {}

  /**
   * A view of {@code buf}'s whole content as native-order longs, for {@link #mask(ByteBuffer,
   * LongBuffer, int, int, int, long)}: long {@code j} is bytes {@code [8j, 8j + 8)}. Callers that
   * mask the same direct buffer again and again (a read buffer) make it once and keep it.
   */
  public static LongBuffer longsOf(ByteBuffer buf) {
    return buf.duplicate().clear().order(NATIVE).asLongBuffer();
  }

  /**
   * XORs bytes {@code [from, to)} of {@code buf} (absolute indexes) with the masking key, the byte
   * at {@code from} taking key byte {@code keyOffset % 4}. Works on heap and direct buffers alike;
   * on a direct buffer it makes a {@link #longsOf} view per call, which the other overload saves.
   * Position, limit, mark and byte order are untouched, and the result does not depend on the
   * order.
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
    boolean viewed = !buf.hasArray() && to - from >= MIN_VIEWED && !buf.isReadOnly();
    mask(buf, viewed ? longsOf(buf) : null, from, to, key, keyOffset);
  }

  /**
   * As {@link #mask(ByteBuffer, int, int, int, long)}, reaching a direct buffer's bytes through
   * {@code longs}, a {@link #longsOf} view of that same buffer (null: byte at a time).
   *
   * @param buf a writable buffer
   * @param longs {@code longsOf(buf)}, or null; ignored for a buffer with an array
   * @param from the first index to transform, {@code 0 <= from <= to}
   * @param to one past the last index to transform, {@code to <= buf.limit()}
   * @param key the 32-bit masking key; its most significant byte is key byte 0 (network order)
   * @param keyOffset the index of byte {@code from} within the masked payload, {@code >= 0}
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, buf.limit())}
   * @throws java.nio.ReadOnlyBufferException if {@code buf} is read-only and the range not empty
   */
  public static void mask(ByteBuffer buf, LongBuffer longs, int from, int to, int key,
      long keyOffset) {
    Objects.checkFromToIndex(from, to, buf.limit());
    if (from == to) {
      return;
    }
    // (keyOffset & 3) equals keyOffset % 4 for the non-negative offsets we accept.
    int phase = (int) (keyOffset & 3);
    int i = from;
    if (buf.hasArray()) { // never read-only: a read-only buffer has no accessible array
      i = maskArray(buf.array(), buf.arrayOffset(), from, to, wide(key, phase));
    } else if (longs != null) {
      // Bytes up to the first multiple of 8 one at a time, then whole longs of the view.
      int aligned = Math.min((from + 7) & ~7, to);
      maskBytes(buf, from, aligned, key, phase);
      i = maskLongsCompiledApart(longs, aligned, to, wide(key, phase + aligned - from));
    }
    maskBytes(buf, i, to, key, phase + i - from);
  }

  /**
   * The key as a long whose 8 bytes in memory, read in native order, are the key's bytes from
   * {@code phase} on (mod 4), twice.
   */
  private static long wide(int key, int phase) {
    // Rotate so that the key's most significant byte is the one for the first byte.
    int rotated = Integer.rotateLeft(key, 8 * (phase & 3));
    long wide = (rotated & 0xFFFF_FFFFL) << 32 | (rotated & 0xFFFF_FFFFL);
    // `wide` is the key as 8 bytes in memory would read as a big-endian long; on a little-endian
    // CPU the lowest-addressed byte is the least significant, so there it is byte-reversed.
    return NATIVE == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(wide) : wide;
  }

  /**
   * Masks whole 8-byte steps of {@code [from, to)} in a heap buffer's array ({@code offset} is its
   * array offset); returns the index where the steps stopped.
   */
  private static int maskArray(byte[] array, int offset, int from, int to, long wide) {
    int i = from;
    // Invariant: every 8-byte step consumes two whole keys, so the key phase at i stays that of
    // `from`.
    for (int end = to - 7; i < end; i += 8) {
      int at = offset + i;
      LONGS.set(array, at, (long) LONGS.get(array, at) ^ wide);
    }
    return i;
  }

  /**
   * {@link #maskLongs}, called through a method handle the JIT cannot see through, so that the
   * loop is always compiled on its own, with its few callees inlined, and never inside a deep
   * caller. The handle is deliberately not final: C2 inlines through a constant handle as through
   * a plain call. Even through the view, one echo server in about twenty still ran 64 KiB frames
   * at a third of the speed: {@code -XX:+PrintInlining} showed {@code DirectLongBufferU::ix
   * inlining too deep}. The call costs a few nanoseconds per piece of payload.
   */
  @SuppressWarnings("NonFinalStaticField")
  private static MethodHandle maskLongsApart = maskLongsHandle();

  private static MethodHandle maskLongsHandle() {
    try {
      return MethodHandles.lookup().findStatic(Masker.class, "maskLongs",
          MethodType.methodType(int.class, LongBuffer.class, int.class, int.class, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static int maskLongsCompiledApart(LongBuffer longs, int from, int to, long wide) {
    try {
      return (int) maskLongsApart.invokeExact(longs, from, to, wide);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e); // maskLongs throws nothing checked
    }
  }

  /**
   * Masks the whole longs of {@code [from, to)} through {@code longs}; {@code from} is a multiple
   * of 8. Returns the index where they stopped.
   */
  private static int maskLongs(LongBuffer longs, int from, int to, long wide) {
    int first = from >>> 3;
    int end = to >>> 3;
    for (int j = first; j < end; j++) {
      longs.put(j, longs.get(j) ^ wide);
    }
    return Math.max(from, end << 3);
  }

  /** Masks {@code [from, to)} a byte at a time, the byte at {@code from} taking key byte phase. */
  private static void maskBytes(ByteBuffer buf, int from, int to, int key, int phase) {
    for (int i = from; i < to; i++) {
      int shift = 24 - 8 * ((phase + i - from) & 3);
      buf.put(i, (byte) (buf.get(i) ^ (key >>> shift)));
    }
  }
}
