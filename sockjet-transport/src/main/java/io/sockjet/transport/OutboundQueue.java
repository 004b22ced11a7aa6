package io.sockjet.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Not thread-safe; confined to its channel's event loop: the bytes a socket has not taken yet,
 * in order, and the {@link Channel#whenFlushed()} futures waiting for them.
 *
 * <p>Entries are either buffers the caller handed over ({@code keep}: the queue holds the
 * reference and advances its position as the socket takes bytes) or pooled {@link WriteChunks}
 * chunks into which writes that may not be kept were copied back to back, so that one gathering
 * write carries many frames. A small buffer handed over joins the last chunk when it has room. A chunk goes back to the pool as soon as its last byte is written.
 *
 * <p>Memory: an idle connection holds no queue: its channel takes one from the loop's spares for
 * the first byte queued and gives it back once the socket has taken the last ({@link
 * EventLoop#takeQueue}). An empty queue holds no object (the first entry has a field of its own
 * and the deque for further entries is dropped when empty) and no flush marker (each completes
 * when the bytes before it are written), so it is as good as new for any channel of the loop; its
 * byte counters go on from where they were, which is harmless as markers are placed relative to
 * them. When the socket stops taking bytes, chunks holding only a little are swapped for
 * right-sized heap copies, so a slow reader never pins a whole chunk for a few bytes.
 */
final class OutboundQueue {
  /** Buffers handed over with at most this many bytes join the last chunk if it has room. */
  static final int COPY_LIMIT = 4 * 1024;

  private Object head; // the first entry (ByteBuffer or Chunk), null when empty
  private ArrayDeque<Object> rest; // entries after head, null when there are none
  private WriteChunks.Chunk tail; // the last entry if it is a chunk that may take more bytes
  private ArrayDeque<FlushMarker> markers;
  /** Bytes remaining in the entries. */
  private long queued;
  /** Bytes ever added; with {@code written} this places each flush marker in the stream. */
  private long added;
  /** Bytes ever written from the queue. */
  private long written;

  boolean isEmpty() {
    return queued == 0;
  }

  long queuedBytes() {
    return queued;
  }

  /**
   * Appends the remaining bytes of {@code src} and advances its position to its limit. With
   * {@code keep} the queue may hold {@code src} itself until written (the caller must not touch
   * it until then); without, it keeps no reference once this returns.
   */
  void append(ByteBuffer src, boolean keep, WriteChunks chunks) {
    int n = src.remaining();
    if (n == 0) {
      return;
    }
    queued += n;
    added += n;
    if (tail != null && tail.free() >= n && (!keep || n <= COPY_LIMIT)) {
      tail.append(src, n);
    } else if (keep) {
      // Held by reference: no chunk is taken for it, so a pass that queues a shared frame for
      // thousands of sockets (a broadcast) holds no chunk for any of them.
      addEntry(src);
      tail = null;
    } else if (n <= WriteChunks.CHUNK_SIZE) {
      WriteChunks.Chunk c = chunks.take();
      c.append(src, n);
      addEntry(c);
      tail = c;
    } else {
      addEntry(copyRemaining(src));
      tail = null;
    }
  }

  private void addEntry(Object entry) {
    if (head == null) {
      head = entry;
      return;
    }
    if (rest == null) {
      rest = new ArrayDeque<>();
    }
    rest.addLast(entry);
  }

  /**
   * Writes {@code srcs} straight to the channel, {@link EventLoop#MAX_GATHER} buffers per call,
   * until done or the channel takes no more. Only valid while the queue is empty (order).
   *
   * @return bytes written
   */
  static long writeDirect(GatheringByteChannel channel, ByteBuffer[] srcs) throws IOException {
    long total = 0;
    int first = 0;
    while (first < srcs.length) {
      if (!srcs[first].hasRemaining()) {
        first++;
        continue;
      }
      int count = Math.min(EventLoop.MAX_GATHER, srcs.length - first);
      long wanted = remaining(srcs, first, count);
      long n = channel.write(srcs, first, count);
      if (n > 0) {
        total += n;
      }
      if (n < wanted) {
        break; // the socket is full: another call would only return 0
      }
    }
    return total;
  }

  /**
   * Writes as much as the channel takes, gathering up to {@code scratch.length} entries per call.
   * {@code scratch} is the loop's array; it is cleared before returning. Flush futures whose bytes
   * are now written are completed through {@code completions}, never in this call's stack.
   *
   * @return bytes written
   */
  long writeTo(GatheringByteChannel channel, ByteBuffer[] scratch, WriteChunks chunks,
      Executor completions) throws IOException {
    long total = 0;
    boolean full = false;
    int used = 0;
    try {
      while (queued > 0) {
        int count = gather(scratch);
        used = Math.max(used, count);
        long wanted = remaining(scratch, 0, count);
        long n = channel.write(scratch, 0, count);
        if (n > 0) {
          total += n;
          queued -= n;
          written += n;
          dropWritten(chunks);
        }
        if (n < wanted) {
          full = true;
          break;
        }
      }
    } finally {
      Arrays.fill(scratch, 0, used, null);
      if (full) {
        shrinkChunks(chunks);
      }
      completeMarkers(completions);
    }
    return total;
  }

  private int gather(ByteBuffer[] scratch) {
    scratch[0] = buffer(head);
    int count = 1;
    if (rest != null) {
      for (Object e : rest) {
        if (count == scratch.length) {
          break;
        }
        scratch[count++] = buffer(e);
      }
    }
    return count;
  }

  private static ByteBuffer buffer(Object entry) {
    return entry instanceof WriteChunks.Chunk c ? c.buffer : (ByteBuffer) entry;
  }

  /** Drops the entries the socket has taken whole, giving chunks back to the pool. */
  private void dropWritten(WriteChunks chunks) {
    while (head != null && !buffer(head).hasRemaining()) {
      if (head instanceof WriteChunks.Chunk c) {
        if (c == tail) {
          tail = null;
        }
        chunks.release(c);
      }
      head = rest == null ? null : rest.pollFirst();
      if (rest != null && rest.isEmpty()) {
        rest = null;
      }
    }
  }

  /**
   * The socket is full and the bytes will wait for the peer: chunks holding less than a quarter
   * of their size are swapped for heap copies of what they hold, so waiting costs memory in
   * proportion to the bytes, not to the chunk.
   */
  private void shrinkChunks(WriteChunks chunks) {
    head = shrunk(head, chunks);
    if (rest != null) {
      for (int i = rest.size(); i > 0; i--) { // one turn round the deque, in place and in order
        rest.addLast(shrunk(rest.pollFirst(), chunks));
      }
    }
  }

  private Object shrunk(Object entry, WriteChunks chunks) {
    if (entry instanceof WriteChunks.Chunk c
        && c.buffer.remaining() < WriteChunks.CHUNK_SIZE / 4) {
      ByteBuffer copy = copyRemaining(c.buffer);
      if (c == tail) {
        tail = null;
      }
      chunks.release(c);
      return copy;
    }
    return entry;
  }

  /** A future completing once every byte added so far has been written. */
  CompletableFuture<Void> whenFlushed() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    addFlushMarker(future);
    return future;
  }

  void addFlushMarker(CompletableFuture<Void> future) {
    if (queued == 0) {
      future.complete(null);
      return;
    }
    if (markers == null) {
      markers = new ArrayDeque<>();
    }
    markers.addLast(new FlushMarker(added, future));
  }

  /** Drops every entry (chunks back to the pool) and fails every waiting future with {@code cause}. */
  void discard(Throwable cause, WriteChunks chunks) {
    if (head instanceof WriteChunks.Chunk c) {
      chunks.release(c);
    }
    if (rest != null) {
      for (Object e : rest) {
        if (e instanceof WriteChunks.Chunk c) {
          chunks.release(c);
        }
      }
    }
    head = null;
    rest = null;
    tail = null;
    queued = 0;
    if (markers != null) {
      ArrayDeque<FlushMarker> pending = markers;
      markers = null;
      for (FlushMarker m : pending) {
        m.future.completeExceptionally(cause);
      }
    }
  }

  private void completeMarkers(Executor completions) {
    while (markers != null && !markers.isEmpty() && markers.peekFirst().offset - written <= 0) {
      CompletableFuture<Void> future = markers.pollFirst().future;
      completions.execute(() -> future.complete(null));
    }
    if (markers != null && markers.isEmpty()) {
      markers = null;
    }
  }

  /** Completes {@code future} once {@code written} reaches {@code offset}. */
  private record FlushMarker(long offset, CompletableFuture<Void> future) {}

  static long remaining(ByteBuffer[] buffers) {
    return remaining(buffers, 0, buffers.length);
  }

  private static long remaining(ByteBuffer[] buffers, int from, int count) {
    long n = 0;
    for (int i = from; i < from + count; i++) {
      n += buffers[i].remaining();
    }
    return n;
  }

  /** Copies the remaining bytes of every buffer into one heap buffer; advances the sources. */
  static ByteBuffer copyRemaining(ByteBuffer... srcs) {
    long n = remaining(srcs);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many bytes for one copy: " + n);
    }
    // Heap, not direct: a queued remainder lives briefly, and direct buffers are costly to
    // allocate and free; the JDK copies it through its cached direct buffer when written.
    ByteBuffer copy = ByteBuffer.allocate((int) n);
    for (ByteBuffer b : srcs) {
      copy.put(b);
    }
    return copy.flip();
  }
}
