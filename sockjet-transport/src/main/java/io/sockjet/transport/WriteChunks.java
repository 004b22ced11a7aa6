package io.sockjet.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Not thread-safe; confined to one event loop: a pool of direct buffers into which small writes
 * are copied while they wait for the end of the loop's pass (see {@link OutboundQueue}).
 *
 * <p>Why: a socket write costs a system call whatever its size, so the many small frames one
 * pass produces for a connection (the echoes of one read, a burst of broadcasts) are gathered
 * into one buffer and written once. Direct, because the JDK would otherwise copy a heap buffer
 * into a temporary direct one on every write; pooled, so that steady traffic allocates nothing.
 *
 * <p>Memory: a chunk is taken for as long as its bytes wait, then given back; at most {@link
 * #MAX_FREE} idle chunks are kept per loop (1 MiB), the rest are left to the collector. Once
 * {@link #MAX_OUTSTANDING} chunks are out, the pool is {@link #exhausted()} and channels write
 * at once instead of corking, which bounds what corking holds (4 MiB per loop) however many
 * sockets one pass writes to; beyond that, chunks hold only what full sockets refused.
 */
final class WriteChunks {
  /** Bytes per chunk: a few dozen small frames, or one TLS record. */
  static final int CHUNK_SIZE = 16 * 1024;

  private static final int MAX_FREE = 64;

  static final int MAX_OUTSTANDING = 256;

  private final ArrayDeque<Chunk> free = new ArrayDeque<>();
  private int allocated;
  private int outstanding;

  /** An empty chunk. */
  Chunk take() {
    outstanding++;
    Chunk c = free.pollLast();
    if (c == null) {
      allocated++;
      return new Chunk(ByteBuffer.allocateDirect(CHUNK_SIZE));
    }
    return c;
  }

  /** Gives a chunk back; it must not be used again by the caller. */
  void release(Chunk c) {
    outstanding--;
    c.reset();
    if (free.size() < MAX_FREE) {
      free.addLast(c);
    }
  }

  /** Whether so many chunks are out that writers should stop corking. */
  boolean exhausted() {
    return outstanding >= MAX_OUTSTANDING;
  }

  /** Chunks ever allocated by this pool (tests). */
  int allocated() {
    return allocated;
  }

  /**
   * One pooled buffer, kept in read mode: bytes between position and limit wait to be written,
   * and appending moves the limit. The wrapper marks the buffer as the pool's in a queue that also
   * holds the callers' own buffers.
   */
  static final class Chunk {
    final ByteBuffer buffer;

    private Chunk(ByteBuffer buffer) {
      this.buffer = buffer;
      reset();
    }

    /** Room left for appending. */
    int free() {
      return buffer.capacity() - buffer.limit();
    }

    /** Copies {@code n} bytes of {@code src} from its position, and advances it. */
    void append(ByteBuffer src, int n) {
      int end = buffer.limit();
      buffer.limit(end + n);
      buffer.put(end, src, src.position(), n);
      src.position(src.position() + n);
    }

    private void reset() {
      buffer.position(0).limit(0);
    }
  }
}
