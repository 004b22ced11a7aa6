package io.sockjet.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Not thread-safe; confined to its channel's event loop: the bytes a socket has not taken yet,
 * in order, and the {@link Channel#whenFlushed()} futures waiting for them.
 *
 * <p>Ownership: the queue holds references to the buffers it is given and advances their
 * positions as the socket takes bytes; a buffer leaves the queue when it has no bytes remaining.
 * The deques are allocated on first use and dropped when empty, so an idle connection holds none.
 */
final class OutboundQueue {
  private ArrayDeque<ByteBuffer> buffers;
  private ArrayDeque<FlushMarker> markers;
  /** Bytes remaining in {@code buffers}. */
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

  /** Appends a buffer's remaining bytes; the queue now owns it until it is written. */
  void add(ByteBuffer buffer) {
    int n = buffer.remaining();
    if (n == 0) {
      return;
    }
    if (buffers == null) {
      buffers = new ArrayDeque<>();
    }
    buffers.addLast(buffer);
    queued += n;
    added += n;
  }

  /**
   * Queues the remaining bytes of every buffer in {@code srcs}, copied into one right-sized
   * buffer per source when {@code copy}, else by reference.
   *
   * @return true if anything was queued
   */
  boolean addRemaining(ByteBuffer[] srcs, boolean copy) {
    boolean queued = false;
    for (ByteBuffer b : srcs) {
      if (b.hasRemaining()) {
        add(copy ? copyRemaining(b) : b);
        queued = true;
      }
    }
    return queued;
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
      long n = channel.write(srcs, first, Math.min(EventLoop.MAX_GATHER, srcs.length - first));
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * Writes as much as the channel takes, gathering up to {@code scratch.length} buffers per call.
   * {@code scratch} is the loop's array; it is cleared before returning.
   *
   * @return bytes written
   */
  long writeTo(GatheringByteChannel channel, ByteBuffer[] scratch) throws IOException {
    long total = 0;
    try {
      while (queued > 0) {
        int count = 0;
        for (ByteBuffer b : buffers) {
          if (count == scratch.length) {
            break;
          }
          scratch[count++] = b;
        }
        long n = channel.write(scratch, 0, count);
        if (n <= 0) {
          break;
        }
        total += n;
        queued -= n;
        written += n;
        while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
          buffers.pollFirst();
        }
      }
    } finally {
      java.util.Arrays.fill(scratch, null);
      if (queued == 0) {
        buffers = null;
      }
      completeMarkers();
    }
    return total;
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

  /** Drops every queued buffer and fails every waiting future with {@code cause}. */
  void discard(Throwable cause) {
    buffers = null;
    queued = 0;
    if (markers != null) {
      ArrayDeque<FlushMarker> pending = markers;
      markers = null;
      for (FlushMarker m : pending) {
        m.future.completeExceptionally(cause);
      }
    }
  }

  private void completeMarkers() {
    while (markers != null && !markers.isEmpty() && markers.peekFirst().offset - written <= 0) {
      markers.pollFirst().future.complete(null);
    }
    if (markers != null && markers.isEmpty()) {
      markers = null;
    }
  }

  /** Completes {@code future} once {@code written} reaches {@code offset}. */
  private record FlushMarker(long offset, CompletableFuture<Void> future) {}

  static long remaining(ByteBuffer[] buffers) {
    long n = 0;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
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
