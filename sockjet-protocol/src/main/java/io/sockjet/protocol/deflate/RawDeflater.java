package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;

/**
 * A raw DEFLATE (RFC 1951) compressor: no zlib or gzip wrapper, as RFC 7692 §7.2.1 requires.
 * Created by a {@link Zlib}; holds native memory until {@link #end()}.
 *
 * <p>Not thread-safe: one thread at a time, and a message's compression is never interleaved
 * with another's on the same instance.
 */
public interface RawDeflater {

  /**
   * Compresses the remaining bytes of {@code in} into {@code out}. With {@code syncFlush}, ends
   * the output on a byte boundary with an empty stored block ({@code 00 00 ff ff}, zlib's
   * {@code Z_SYNC_FLUSH}), so everything given so far can be inflated by the peer.
   *
   * <p>Any room in {@code out} works, a single byte included: output that does not fit is kept
   * and delivered first by the next call. When a flush happens to fill {@code out} exactly, zlib
   * may add a second empty stored block ({@code 00 00 00 ff ff}) on the next call; the stream
   * stays valid and still ends with {@code 00 00 ff ff}.
   *
   * @return true when all of {@code in} is consumed and, with {@code syncFlush}, the flush is
   *     complete; false when {@code out} filled up first: call again with more room and the same
   *     {@code in}
   */
  boolean deflate(ByteBuffer in, ByteBuffer out, boolean syncFlush);

  /**
   * Starts a new stream with the same settings: the window is forgotten (no context takeover),
   * and output not yet delivered is dropped.
   */
  void reset();

  /** Frees the native memory; idempotent. No other method may be called afterwards. */
  void end();
}
