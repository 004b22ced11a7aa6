package io.sockjet.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Not thread-safe; confined to its event loop: the loop's socket read buffer, and the ones it
 * has lent to channels whose handler left bytes for the next read.
 *
 * <p>Why lend: a frame split across two reads (a 64 KiB message and its header are more than
 * loopback's first segment) would otherwise have its first part copied out of the shared buffer
 * before the next connection's read overwrites it. Instead the channel keeps the buffer, the loop
 * reads into another from now on, and the frame's next bytes are read in after its first ones:
 * the frame ends up whole in one buffer with nothing copied or allocated.
 *
 * <p>Memory stays bounded whatever peers do: at most {@code maxLent} buffers are out at once (a
 * peer that sends half a frame and stops holds one until its connection's timers close it), and
 * beyond that channels get no capacity and their handlers consume everything, as before lending
 * existed. A given-back buffer is kept for the next lending rather than left to the collector
 * (native memory is freed only when a collection finds the buffer, and a new one is allocated and
 * zeroed): a loop that once lent all holds {@code maxLent + 1} buffers from then on, 4.25 MiB by
 * default.
 */
final class ReadBuffers {
  /** Buffers lent at once per loop by default: 16 x 256 KiB = 4 MiB of direct memory at most. */
  static final int MAX_LENT = 16;

  private final int size;
  private final int maxLent;
  private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>();
  private ByteBuffer current;
  private int lent;

  ReadBuffers(int size, int maxLent) {
    this.size = size;
    this.maxLent = maxLent;
    this.current = ByteBuffer.allocateDirect(size);
  }

  /** The buffer the loop reads into now; valid until the caller returns. */
  ByteBuffer current() {
    return current;
  }

  /** The capacity of every buffer here. */
  int size() {
    return size;
  }

  /** Whether {@link #lend} may be called now. */
  boolean canLend() {
    return lent < maxLent;
  }

  /**
   * Hands {@code read}, the buffer a channel has just read into, over to that channel, which gives
   * it back with {@link #giveBack}; only when {@link #canLend} says so. It is normally the current
   * buffer, and the loop reads into a spare (or a new buffer) from now on; it may have become a
   * spare meanwhile, if a channel closed by the handler gave its own buffer back.
   */
  ByteBuffer lend(ByteBuffer read) {
    if (!canLend()) {
      throw new IllegalStateException("all " + maxLent + " read buffers are lent");
    }
    if (read == current) {
      ByteBuffer next = spares.poll();
      current = next != null ? next.clear() : ByteBuffer.allocateDirect(size);
    } else if (!spares.removeFirstOccurrence(read)) {
      throw new IllegalArgumentException("not a buffer of this loop's");
    }
    lent++;
    return read;
  }

  /**
   * Takes back a buffer {@link #lend} handed out; the caller keeps no reference.
   *
   * <p>The buffer becomes the current one again, and the current one a spare: a connection that
   * lends and gives back a buffer per message (a 64 KiB ping-pong) then keeps reading into the
   * same buffer, and the layer above keeps the views it made of it instead of making new ones.
   */
  void giveBack(ByteBuffer buffer) {
    lent--;
    spares.push(current);
    current = buffer.clear();
  }

  /** Buffers lent now (tests). */
  int lent() {
    return lent;
  }
}
