package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * A raw DEFLATE (RFC 1951) decompressor. Created by a {@link Zlib}; holds native memory until
 * {@link #end()}.
 *
 * <p>Not thread-safe: one thread at a time, one message at a time.
 */
public interface RawInflater {

  /**
   * Decompresses from {@code in} into {@code out} until {@code in} is consumed, {@code out} is
   * full, or the stream ends (a block with BFINAL set; the rest of {@code in} is left unread).
   *
   * @return the number of bytes written to {@code out}
   * @throws DataFormatException if the input is not valid DEFLATE data
   */
  int inflate(ByteBuffer in, ByteBuffer out) throws DataFormatException;

  /** Whether the stream ended with a final block; only {@link #reset()} makes it usable again. */
  boolean finished();

  /** Starts a new stream: the window is forgotten (no context takeover). */
  void reset();

  /** Frees the native memory; idempotent. No other method may be called afterwards. */
  void end();
}
