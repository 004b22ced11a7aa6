package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the broadcast messages of all of a receiver's connections, checked byte for byte
 * against the body ({@link #accept} says what a right message is; {@link StampedCounter} checks
 * a fan-out's stamped ones). Called on the raw loop's thread; the counters are read by the main
 * thread.
 */
class BroadcastCounter implements RawLoop.Handler {
  final long expected;
  final AtomicLong received = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong first = new AtomicLong();
  final AtomicLong last = new AtomicLong();
  final CountDownLatch done = new CountDownLatch(1);
  private final ByteBuffer body;

  /** Counts up to {@code expected} copies of {@code body} (null: {@link #accept} checks). */
  BroadcastCounter(String body, long expected) {
    this.body = body == null ? null : ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII));
    this.expected = expected;
  }

  @Override
  public final void message(RawConnection c, int opcode, ByteBuffer payload, long nanos) {
    if (!accept(c, opcode, payload, nanos)) {
      errors.incrementAndGet();
      return;
    }
    if (first.get() == 0) {
      first.set(nanos);
    }
    last.lazySet(nanos);
    long n = received.get() + 1;
    received.lazySet(n); // one writer: the loop thread
    if (n == expected) {
      done.countDown();
    }
  }

  /**
   * Whether a message that arrived on {@code c} at {@code nanos} is a right one: here, the body
   * as text. On the loop thread.
   */
  boolean accept(RawConnection c, int opcode, ByteBuffer payload, long nanos) {
    return opcode == RawLoop.TEXT && payload.equals(body);
  }

  /**
   * This process's CPU ticks at the start of the measured window, given those when the
   * connections were ready: the same here, as a broadcast's window starts with its trigger.
   */
  long cpuAtStart(long ticksWhenReady) {
    return ticksWhenReady;
  }

  /** Adds what a subclass measured to the receiver's result line, once the counting is over. */
  void report(ResultLine line) {}

  @Override
  public void failed(RawConnection c, String why) {
    if (done.getCount() > 0 && errors.getAndIncrement() == 0) {
      System.err.println("connection lost before the broadcast ended: " + why);
    }
  }
}
