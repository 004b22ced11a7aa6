package io.sockjet.protocol;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Thread-safe: a cap on the bytes that all connections of one server hold on behalf of their
 * peers together (messages being assembled, inflated data, output waiting for a socket). Each
 * holder reserves before it allocates and releases what it frees, so no set of peers can take
 * more than the cap however they split their demands; a holder that cannot reserve fails its own
 * connection and the others go on.
 *
 * <p>As a {@link LongConsumer} it takes signed adjustments from holders that learn of their
 * usage after the fact (a socket's send queue grows by what the socket would not take): those
 * are counted, never refused, and checked by the sender's next admission instead.
 *
 * <pre>{@code
 * MemoryBudget budget = new MemoryBudget(256L << 20);
 * if (!budget.tryReserve(chunk)) { ... close with 1009 ... }
 * budget.release(chunk);
 * }</pre>
 */
public final class MemoryBudget implements LongConsumer {
  /** No cap: reservations always succeed (usage is still counted). */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** A budget of {@code limit} bytes; {@link #UNLIMITED} for none. */
  public MemoryBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("memory budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /**
   * The default for a process: a quarter of the smaller of the heap's and direct memory's maximum.
   * Peer-held bytes live in both (assembled messages on the heap, queued output mostly in direct
   * chunks); a quarter leaves the rest for the application, the collector's headroom and the
   * memory every connection holds for itself.
   *
   * @param maxDirect direct memory's maximum, or 0 if unknown (the JVM then allows the heap's)
   */
  public static long defaultLimit(long maxHeap, long maxDirect) {
    long heap = maxHeap <= 0 || maxHeap == Long.MAX_VALUE ? 4L << 30 : maxHeap;
    long direct = maxDirect <= 0 ? heap : maxDirect;
    return Math.max(1L << 20, Math.min(heap, direct) / 4);
  }

  /** The cap in bytes. */
  public long limit() {
    return limit;
  }

  /** Bytes held now. */
  public long used() {
    return used.get();
  }

  /** Bytes that may still be reserved (0 when over the cap). */
  public long available() {
    return Math.max(0, limit - used.get());
  }

  /** Reserves {@code bytes} if they fit under the cap; true if reserved. */
  public boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    long now;
    do {
      now = used.get();
      if (now + bytes > limit || now + bytes < 0) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} reserved earlier. */
  public void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }

  /** Counts a signed change in what a holder holds, unconditionally. */
  @Override
  public void accept(long delta) {
    if (delta != 0) {
      used.addAndGet(delta);
    }
  }

  @Override
  public String toString() {
    return "MemoryBudget[" + used() + " of " + (limit == UNLIMITED ? "unlimited" : limit) + "]";
  }
}
