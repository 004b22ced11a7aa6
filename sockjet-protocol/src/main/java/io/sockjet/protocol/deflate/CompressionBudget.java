package io.sockjet.protocol.deflate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cap on the native memory that compression contexts of connections may hold together. A
 * server reserves a connection's worst case (a compressor and a decompressor of its own for each
 * direction with context takeover) when it negotiates permessage-deflate, and releases it when
 * the connection closes; past the cap, new connections are served without compression rather
 * than the process running out of memory. Pooled compressors (directions without context
 * takeover) are per event loop, not per connection, and are not counted here.
 *
 * <p>Thread-safe: handshakes on every event loop reserve from one budget.
 */
public final class CompressionBudget {
  private final long limit;
  private final AtomicLong reserved = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /** A budget of {@code limitBytes}; {@code Long.MAX_VALUE} for no limit. */
  public CompressionBudget(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("budget must not be negative: " + limitBytes);
    }
    this.limit = limitBytes;
  }

  /** Reserves {@code bytes} if they fit under the limit; false (and nothing reserved) if not. */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    while (true) {
      long now = reserved.get();
      if (now + bytes > limit || now + bytes < 0) {
        refused.incrementAndGet();
        return false;
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back a reservation made with {@link #tryReserve}. */
  public void release(long bytes) {
    reserved.addAndGet(-bytes);
  }

  /** Bytes reserved now. */
  public long reserved() {
    return reserved.get();
  }

  /** How many reservations did not fit (connections served without compression). */
  public long refused() {
    return refused.get();
  }
}
