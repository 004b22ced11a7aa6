package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The compressors, decompressors and scratch buffers that connections without context takeover
 * share, instead of holding their own: a message without context takeover starts from an empty
 * window, so any idle compressor with the same settings serves it. One pool per event loop; a
 * connection borrows for one message and gives back at its end, so the pool holds as many as
 * there are messages in progress at once on that loop (usually one), not one per connection.
 *
 * <p>Not thread-safe: confined to the thread that runs its connections (their event loop).
 */
public final class DeflatePool {
  /** Inflate output and compress output go through scratch buffers of this size. */
  static final int SCRATCH_BYTES = 16 * 1024;

  // Idle instances kept per setting; more are ended when given back. Messages in progress at
  // once on one loop are few (they interleave only when frames of several connections do).
  private static final int MAX_IDLE = 4;

  private final Zlib zlib;
  private final Map<Integer, ArrayDeque<RawDeflater>> idleDeflaters = new HashMap<>();
  private final Map<Integer, ArrayDeque<RawInflater>> idleInflaters = new HashMap<>();
  private ByteBuffer inflateScratch;
  private ByteBuffer deflateScratch;
  private long deflatersCreated;
  private long inflatersCreated;

  /** A pool making its instances with {@code zlib}. */
  public DeflatePool(Zlib zlib) {
    this.zlib = zlib;
  }

  /** Idle compressors and decompressors held now (tests). Same thread rules as the rest. */
  public int idle() {
    int n = 0;
    for (ArrayDeque<RawDeflater> d : idleDeflaters.values()) {
      n += d.size();
    }
    for (ArrayDeque<RawInflater> i : idleInflaters.values()) {
      n += i.size();
    }
    return n;
  }

  /** The implementation this pool's instances come from. */
  public Zlib zlib() {
    return zlib;
  }

  /** A compressor with a fresh window: an idle one, or a new one. Give it back with {@link #release}. */
  RawDeflater deflater(int level, int windowBits, int memLevel) {
    ArrayDeque<RawDeflater> idle = idleDeflaters.get(deflaterKey(level, windowBits, memLevel));
    RawDeflater d = idle == null ? null : idle.poll();
    return d != null ? d : newDeflater(level, windowBits, memLevel);
  }

  /** A compressor this pool does not keep: a connection's own, for context takeover. */
  RawDeflater newDeflater(int level, int windowBits, int memLevel) {
    deflatersCreated++;
    return zlib.newDeflater(level, windowBits, memLevel);
  }

  /** Gives back a compressor from {@link #deflater}; it is reset here. */
  void release(RawDeflater d, int level, int windowBits, int memLevel) {
    ArrayDeque<RawDeflater> idle =
        idleDeflaters.computeIfAbsent(deflaterKey(level, windowBits, memLevel), k -> new ArrayDeque<>());
    if (idle.size() < MAX_IDLE) {
      d.reset();
      idle.push(d);
    } else {
      d.end();
    }
  }

  /** A decompressor with a fresh window: an idle one, or a new one. Give it back with {@link #release}. */
  RawInflater inflater(int windowBits) {
    ArrayDeque<RawInflater> idle = idleInflaters.get(windowBits);
    RawInflater i = idle == null ? null : idle.poll();
    return i != null ? i : newInflater(windowBits);
  }

  /** A decompressor this pool does not keep: a connection's own, for context takeover. */
  RawInflater newInflater(int windowBits) {
    inflatersCreated++;
    return zlib.newInflater(windowBits);
  }

  /** Gives back a decompressor from {@link #inflater}; it is reset here. */
  void release(RawInflater i, int windowBits) {
    ArrayDeque<RawInflater> idle = idleInflaters.computeIfAbsent(windowBits, k -> new ArrayDeque<>());
    if (idle.size() < MAX_IDLE) {
      i.reset();
      idle.push(i);
    } else {
      i.end();
    }
  }

  /**
   * Where inflated bytes land before they are handed on: valid until the next inflate on this
   * loop. Separate from {@link #deflateScratch()} because a listener that receives inflated bytes
   * may send, and so compress, before it returns.
   */
  ByteBuffer inflateScratch() {
    if (inflateScratch == null) {
      inflateScratch = ByteBuffer.allocate(SCRATCH_BYTES);
    }
    return inflateScratch.clear();
  }

  /** Where compressed bytes land before they are copied into a buffer of their exact size. */
  ByteBuffer deflateScratch() {
    if (deflateScratch == null) {
      deflateScratch = ByteBuffer.allocate(SCRATCH_BYTES);
    }
    return deflateScratch.clear();
  }

  /** How many compressors this pool has made, pooled or owned by connections. */
  public long deflatersCreated() {
    return deflatersCreated;
  }

  /** How many decompressors this pool has made, pooled or owned by connections. */
  public long inflatersCreated() {
    return inflatersCreated;
  }

  /** Ends every idle instance; the pool stays usable. */
  public void clear() {
    idleDeflaters.values().forEach(q -> q.forEach(RawDeflater::end));
    idleInflaters.values().forEach(q -> q.forEach(RawInflater::end));
    idleDeflaters.clear();
    idleInflaters.clear();
  }

  private static int deflaterKey(int level, int windowBits, int memLevel) {
    return (level + 1) | windowBits << 4 | memLevel << 8;
  }
}
