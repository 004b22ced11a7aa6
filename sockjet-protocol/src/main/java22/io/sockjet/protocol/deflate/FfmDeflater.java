package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_BUF_ERROR;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_DEFAULT_STRATEGY;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_HUFFMAN_ONLY;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_NO_FLUSH;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_OK;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_SYNC_FLUSH;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

/**
 * A {@link RawDeflater} on the system zlib. Not thread-safe: confined to one thread at a time;
 * only its release may run elsewhere (see {@link NativeStream}). Streams on one thread share
 * its native scratch ({@link ThreadScratch}): safe because every call is synchronous and holds it
 * only until it returns.
 */
final class FfmDeflater implements RawDeflater {
  /**
   * The least room a deflate call gets, as in {@code JdkZlib}: zlib ends a sync flush with a
   * 5-byte empty stored block and repeats it on the next call when a call filled the room exactly
   * (zlib.h: "make sure that avail_out is greater than six"), so with 5 bytes or less a flush
   * never completes. Smaller {@code out} buffers are served through scratch.
   */
  static final int MIN_DEFLATE_ROOM = JdkZlib.MIN_DEFLATE_ROOM;

  private final NativeStream stream;
  /** Whether the last call into zlib completed a sync flush; any later call clears it. */
  private boolean flushed;

  /** Arguments already checked by {@link DeflateArguments#checkDeflater}. */
  FfmDeflater(int level, int windowBits, int memLevel) {
    // zlib refuses windowBits 8 for a raw stream (deflate.c: "windowBits == 8 && wrap != 1" is
    // Z_STREAM_ERROR; a zlib-wrapped one silently gets 9). So an 8-bit window compresses with 9
    // bits and Z_HUFFMAN_ONLY: Huffman-only output has literals and no back references at all,
    // so it is valid for a peer with any window, 8 bits included, at the price of ratio.
    // (Stock zlib at 9 bits happens to reach back at most 512 - 262 = 250 bytes, MAX_DIST in
    // deflate.h, which would fit 8 bits too; that is an internal, not a documented guarantee.)
    boolean huffmanOnly = windowBits == 8;
    int bits = huffmanOnly ? 9 : windowBits;
    int strategy = huffmanOnly ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY;
    // Negative windowBits: raw deflate, no zlib header or Adler-32 trailer (RFC 7692 §7.2.1).
    stream =
        new NativeStream(
            this,
            strm -> ZlibDowncalls.deflateInit2(strm, level, -bits, memLevel, strategy),
            true);
  }

  @Override
  public boolean deflate(ByteBuffer in, ByteBuffer out, boolean syncFlush) {
    stream.checkOpen();
    if (out.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    try {
      while (true) {
        if (stream.hasPending()) {
          stream.deliverPending(out);
          if (stream.hasPending()) {
            return false;
          }
        }
        if (!in.hasRemaining() && (!syncFlush || flushed)) {
          return true; // without a flush, output zlib still holds comes out with a later call
        }
        if (!out.hasRemaining()) {
          return false;
        }
        int inGiven = stream.giveInput(in);
        // A heap input goes through scratch piece by piece: flush only with its last piece, or
        // the message would carry a flush marker (and a weaker compression) per piece.
        int flush = syncFlush && inGiven == in.remaining() ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        int outGiven = stream.giveOutput(out, MIN_DEFLATE_ROOM);
        int rc = ZlibDowncalls.deflate(stream.strm(), flush);
        stream.takeInput(in, inGiven);
        int produced = stream.takeOutput(out, outGiven);
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
          throw new IllegalStateException("zlib deflate returned " + rc);
        }
        // zlib's rule: a flush is complete when deflate returns with room to spare. A repeated
        // flush with nothing new is Z_BUF_ERROR ("no progress possible"): complete as well.
        flushed = flush == Z_SYNC_FLUSH && (rc == Z_BUF_ERROR || produced < outGiven);
      }
    } finally {
      stream.endCall(); // the thread's scratch is free for its other streams
      // Keeps this (and so the stream) from the cleaner until the native calls are over.
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void reset() {
    stream.checkOpen();
    try {
      int rc = ZlibDowncalls.deflateReset(stream.strm());
      if (rc != Z_OK) {
        throw new IllegalStateException("zlib deflateReset returned " + rc);
      }
      stream.discardPending(); // output not yet delivered belonged to the abandoned stream
      flushed = false;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void end() {
    stream.end();
  }

  /** The native stream, for tests (reached by reflection: tests compile for Java 17). */
  NativeStream stream() {
    return stream;
  }
}
