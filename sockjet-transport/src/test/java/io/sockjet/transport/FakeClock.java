package io.sockjet.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe: a clock that moves only when a test advances it. */
final class FakeClock implements NanoClock {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(long amount, TimeUnit unit) {
    now.addAndGet(unit.toNanos(amount));
  }
}
