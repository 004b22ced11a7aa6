package io.sockjet.protocol.deflate;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Role;
import java.nio.ByteBuffer;

/**
 * The permessage-deflate codec (RFC 7692) of one connection, as agreed in its handshake: what a
 * {@code Connection} uses to compress the messages it sends and inflate the ones it receives.
 * Framing rules (RSV1 on the first frame only, never on control frames) are the connection's;
 * this class turns payloads into compressed payloads and back.
 *
 * <p>Idle connections hold no compressor: one is made, or borrowed from the event loop's {@link
 * DeflatePool}, on the first compressed message. Call {@link #end()} when the connection closes
 * to free native memory at once rather than when the garbage collector finds it.
 *
 * <p>Not thread-safe; confined to the connection's thread.
 */
public final class PerMessageDeflate {
  /** The RSV1 bit of a frame's first byte, the "Per-Message Compressed" bit (RFC 7692 §6). */
  public static final int RSV1 = 4;

  /** Receives inflated bytes, a piece at a time. */
  @FunctionalInterface
  public interface Sink {
    /**
     * A piece of inflated payload, valid only until this returns (it is the pool's scratch).
     *
     * @throws ProtocolViolation to stop inflating, e.g. when a size limit is passed
     */
    void accept(ByteBuffer data) throws ProtocolViolation;
  }

  private final MessageCompressor compressor;
  private final MessageDecompressor decompressor;
  private final int threshold;

  /**
   * A codec for one connection.
   *
   * @param pool the event loop's pool: scratch buffers, and compressors for the directions
   *     without context takeover
   * @param level compression level, 0 to 9, or -1 for zlib's default
   * @param memLevel zlib's memLevel, 1 to 9 (ignored by {@code java.util.zip})
   * @param threshold messages shorter than this many bytes are sent uncompressed
   * @param sendWindowBits the LZ77 window this side compresses with (8 to 15); the pool's zlib
   *     must {@linkplain Zlib#canDeflateWithWindow honour} it
   * @param sendContextTakeover whether this side keeps its window from message to message
   * @param receiveWindowBits the window the peer compresses with (8 to 15)
   * @param receiveContextTakeover whether the peer keeps its window from message to message
   */
  public PerMessageDeflate(DeflatePool pool, int level, int memLevel, int threshold,
      int sendWindowBits, boolean sendContextTakeover, int receiveWindowBits,
      boolean receiveContextTakeover) {
    if (!pool.zlib().canDeflateWithWindow(sendWindowBits)) {
      throw new IllegalArgumentException(
          pool.zlib().name() + " cannot compress with a window of " + sendWindowBits + " bits");
    }
    this.compressor =
        new MessageCompressor(pool, level, sendWindowBits, memLevel, sendContextTakeover);
    this.decompressor = new MessageDecompressor(pool, receiveWindowBits, receiveContextTakeover);
    this.threshold = threshold;
  }

  /**
   * The codec for the {@code role} end of a connection that agreed {@code agreed}, compressing
   * with {@code config}'s level, memory level and threshold.
   */
  public static PerMessageDeflate of(Role role, DeflateParameters agreed, DeflateConfig config,
      DeflatePool pool) {
    return new PerMessageDeflate(pool, config.compressionLevel(), config.memLevel(),
        config.compressionThreshold(), agreed.sendWindowBits(role),
        !agreed.sendNoContextTakeover(role), agreed.receiveWindowBits(role),
        !agreed.receiveNoContextTakeover(role));
  }

  /**
   * The native memory a connection with {@code agreed} may come to hold for contexts of its own
   * (directions with context takeover; the others borrow from the pool), by zlib's formulas.
   */
  public static long dedicatedBytes(Role role, DeflateParameters agreed, DeflateConfig config) {
    long bytes = 0;
    if (!agreed.sendNoContextTakeover(role)) {
      bytes += Zlib.deflaterBytes(agreed.sendWindowBits(role), config.memLevel());
    }
    if (!agreed.receiveNoContextTakeover(role)) {
      bytes += Zlib.inflaterBytes(agreed.receiveWindowBits(role));
    }
    return bytes;
  }

  /** Whether a whole message of {@code length} bytes is worth compressing. */
  public boolean compresses(int length) {
    return length >= threshold;
  }

  /** The window this side compresses with. */
  public int sendWindowBits() {
    return compressor.windowBits();
  }

  /**
   * Whether this side compresses each message from an empty window, so that one compressed
   * payload serves every such connection with the same window (a broadcast compresses once).
   */
  public boolean sendsWithoutContext() {
    return !compressor.contextTakeover();
  }

  /**
   * Compresses a whole message, or one fragment of one ({@code last} false until the final
   * fragment; every fragment is flushed, so the peer can inflate it as it arrives). {@code
   * payload}'s position does not move; the result is a new buffer the caller owns.
   */
  public ByteBuffer compress(ByteBuffer payload, boolean last) {
    return compressor.compress(payload, last);
  }

  /** The message being compressed will not be finished (a close frame cut it short). */
  public void abandonMessage() {
    compressor.abandonMessage();
  }

  /**
   * Inflates a piece of the compressed message being received; consumes all of {@code in}.
   *
   * @throws ProtocolViolation when the data is not valid DEFLATE (1007), or as {@code sink} throws
   */
  public void inflate(ByteBuffer in, Sink sink) throws ProtocolViolation {
    decompressor.inflate(in, sink);
  }

  /**
   * The compressed message being received is complete: inflates what its tail releases.
   *
   * @throws ProtocolViolation when the data is not valid DEFLATE (1007), or as {@code sink} throws
   */
  public void endMessage(Sink sink) throws ProtocolViolation {
    decompressor.endMessage(sink);
  }

  /**
   * Whether this connection holds a compressor or decompressor now: always after a compressed
   * message with context takeover, only mid-message without.
   */
  public boolean holdsContext() {
    return compressor.holdsCompressor() || decompressor.holdsDecompressor();
  }

  /** Frees the native memory of this connection's compressors; idempotent. */
  public void end() {
    compressor.end();
    decompressor.end();
  }

  /**
   * Compresses a whole message once for any number of connections that send without context
   * takeover with a window of at least {@code windowBits}: the output of an empty window is the
   * same for each of them. The result excludes the tail and is a new buffer the caller owns.
   */
  public static ByteBuffer compressOnce(DeflatePool pool, int level, int windowBits, int memLevel,
      ByteBuffer payload) {
    MessageCompressor once = new MessageCompressor(pool, level, windowBits, memLevel, false);
    return once.compress(payload, true);
  }
}
