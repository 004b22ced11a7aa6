package io.sockjet.protocol.deflate;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * The receive half of permessage-deflate for one connection: inflates each compressed message
 * as its frames arrive, a scratch buffer at a time, and puts back the {@code 00 00 ff ff} tail
 * at its end (RFC 7692 §7.2.2). Nothing waits for the whole compressed message, and inflated
 * bytes are handed on as they come out, so the consumer can count them against its limit and
 * stop a decompression bomb after one scratch buffer past the limit.
 *
 * <p>Memory: as {@link MessageCompressor}: own decompressor with context takeover, made on the
 * first compressed message; a pooled one per message without.
 *
 * <p>Not thread-safe; confined to the connection's thread.
 */
final class MessageDecompressor {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

  private final DeflatePool pool;
  private final int windowBits;
  private final boolean contextTakeover;

  private RawInflater own;
  private RawInflater borrowed;
  private boolean ended;

  MessageDecompressor(DeflatePool pool, int windowBits, boolean contextTakeover) {
    this.pool = pool;
    this.windowBits = windowBits;
    this.contextTakeover = contextTakeover;
  }

  /** Whether this connection holds a decompressor of its own now. */
  boolean holdsDecompressor() {
    return own != null || borrowed != null;
  }

  /** Inflates a piece of a compressed message's payload; consumes all of {@code in}. */
  void inflate(ByteBuffer in, PerMessageDeflate.Sink sink) throws ProtocolViolation {
    if (ended) {
      in.position(in.limit());
      return;
    }
    RawInflater inflater = inflater();
    while (true) {
      if (inflater.finished()) {
        // The peer ended the stream with a BFINAL block (RFC 7692 §7.2.3.4 allows it); what
        // follows in this message, at least our own tail, is not part of it.
        in.position(in.limit());
        return;
      }
      ByteBuffer out = pool.inflateScratch();
      int before = in.position();
      int n;
      try {
        n = inflater.inflate(in, out);
      } catch (DataFormatException e) {
        throw new ProtocolViolation(Violation.INVALID_COMPRESSED_DATA,
            "compressed data is corrupt: " + e.getMessage());
      }
      if (n > 0) {
        sink.accept(out.flip());
      }
      // A full scratch buffer may leave output pending inside zlib; otherwise, with no input
      // left (or none taken), zlib has given everything it can for now.
      boolean full = n == out.capacity();
      if (!full && (!in.hasRemaining() || in.position() == before)) {
        return;
      }
    }
  }

  /** The message's final frame ended: puts back the tail and drains what it releases. */
  void endMessage(PerMessageDeflate.Sink sink) throws ProtocolViolation {
    if (ended) {
      return;
    }
    inflate(ByteBuffer.wrap(TAIL), sink);
    RawInflater inflater = inflater();
    if (!contextTakeover) {
      // RFC 7692 §7.2.2: without context takeover each message starts from an empty window.
      pool.release(borrowed, windowBits);
      borrowed = null;
    } else if (inflater.finished()) {
      // After a BFINAL block a new stream starts; zlib cannot continue the old window into it.
      inflater.reset();
    }
  }

  /** Frees the native memory this connection holds; idempotent. */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (borrowed != null) {
      // Mid-message: its state is half a stream, so it is not worth resetting for the pool.
      borrowed.end();
      borrowed = null;
    }
    if (own != null) {
      own.end();
      own = null;
    }
  }

  private RawInflater inflater() {
    if (contextTakeover) {
      if (own == null) {
        own = pool.newInflater(windowBits);
      }
      return own;
    }
    if (borrowed == null) {
      borrowed = pool.inflater(windowBits);
    }
    return borrowed;
  }
}
