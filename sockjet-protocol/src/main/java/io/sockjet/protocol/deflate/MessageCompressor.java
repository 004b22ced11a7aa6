package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The send half of permessage-deflate for one connection: compresses each message, or each
 * fragment of one, with a sync flush, and strips the {@code 00 00 ff ff} tail from the end of
 * the message (RFC 7692 §7.2.1).
 *
 * <p>Memory: with context takeover the connection owns a compressor, made on its first
 * compressed message (never for an idle connection); without, it borrows one from the loop's
 * {@link DeflatePool} for the length of a message.
 *
 * <p>Not thread-safe; confined to the connection's thread.
 */
final class MessageCompressor {
  private static final int TAIL = 4;

  private final DeflatePool pool;
  private final int level;
  private final int windowBits;
  private final int memLevel;
  private final boolean contextTakeover;

  private RawDeflater own; // context takeover: this connection's, for its whole life
  private RawDeflater borrowed; // no context takeover: the pool's, while a message is in progress
  private boolean ended;

  MessageCompressor(DeflatePool pool, int level, int windowBits, int memLevel, boolean contextTakeover) {
    this.pool = pool;
    this.level = level;
    this.windowBits = windowBits;
    this.memLevel = memLevel;
    this.contextTakeover = contextTakeover;
  }

  int windowBits() {
    return windowBits;
  }

  boolean contextTakeover() {
    return contextTakeover;
  }

  /** Whether this connection holds a compressor of its own now. */
  boolean holdsCompressor() {
    return own != null || borrowed != null;
  }

  /**
   * Compresses one message, or one fragment of a message when {@code last} is false. The
   * payload's position does not move. Returns a new buffer of exactly the compressed size, which
   * the caller owns (the transport may queue it).
   */
  ByteBuffer compress(ByteBuffer payload, boolean last) {
    if (ended) {
      throw new IllegalStateException("compressor ended");
    }
    RawDeflater d = deflater();
    ByteBuffer in = payload.duplicate();
    ByteBuffer out = pool.deflateScratch();
    byte[] spill = null; // output beyond one scratch buffer (large messages)
    int spilled = 0;
    while (!d.deflate(in, out, true)) {
      if (spill == null) {
        spill = new byte[Math.max(2 * out.capacity(), payload.remaining() / 2)];
      } else if (spill.length - spilled < out.position()) {
        spill = Arrays.copyOf(spill, Math.max(spill.length * 2, spilled + out.position()));
      }
      out.flip();
      out.get(spill, spilled, out.remaining());
      spilled += out.limit();
      out.clear();
    }
    out.flip();
    int total = spilled + out.remaining();
    int keep = total;
    if (last) {
      finishMessage();
      // A sync flush ends with an empty stored block whose last four bytes are 00 00 ff ff; the
      // peer puts them back (RFC 7692 §7.2.1, §7.2.2). zlib writes nothing for a flush right
      // after a flush, so a last fragment with no new data may come out empty: then one 0x00
      // byte, the header of an empty stored block, completes the message (RFC 7692 §7.2.3.6).
      if (total == 0) {
        return ByteBuffer.wrap(new byte[1]);
      }
      if (!endsWithTail(spill, spilled, out)) {
        throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
      }
      keep = total - TAIL;
    }
    byte[] exact = spill == null ? new byte[keep] : Arrays.copyOf(spill, keep);
    if (spilled < keep) {
      out.get(exact, spilled, keep - spilled);
    }
    return ByteBuffer.wrap(exact);
  }

  /** Drops a message cut short (a close frame ended it): a borrowed compressor goes back. */
  void abandonMessage() {
    if (borrowed != null) {
      pool.release(borrowed, level, windowBits, memLevel);
      borrowed = null;
    }
    // With context takeover the window now holds a message the peer never finished; nothing
    // may be sent after a close frame, so the compressor is not used again.
  }

  /** Frees the native memory this connection holds; idempotent. */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    abandonMessage();
    if (own != null) {
      own.end();
      own = null;
    }
  }

  private RawDeflater deflater() {
    if (contextTakeover) {
      if (own == null) {
        own = pool.newDeflater(level, windowBits, memLevel);
      }
      return own;
    }
    if (borrowed == null) {
      borrowed = pool.deflater(level, windowBits, memLevel);
    }
    return borrowed;
  }

  private void finishMessage() {
    if (!contextTakeover) {
      // RFC 7692 §7.2.1: without context takeover each message starts from an empty window.
      pool.release(borrowed, level, windowBits, memLevel);
      borrowed = null;
    }
  }

  private static boolean endsWithTail(byte[] spill, int spilled, ByteBuffer out) {
    int total = spilled + out.remaining();
    if (total < TAIL) {
      return false;
    }
    for (int i = 0; i < TAIL; i++) {
      int at = total - TAIL + i;
      byte b = at < spilled ? spill[at] : out.get(out.position() + at - spilled);
      if (b != (i < 2 ? 0 : (byte) 0xff)) {
        return false;
      }
    }
    return true;
  }
}
