package io.sockjet.redis;

import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt to connect: doubling from {@code min} up to {@code
 * max}, each wait drawn from the upper half of its step, so that the nodes of a cluster do not all
 * come back to a restarted Redis in the same millisecond. Stateless, as Lettuce requires.
 */
final class Backoff extends Delay {
  private final long minNanos;
  private final long maxNanos;

  Backoff(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, not " + min + " and " + max);
    }
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The wait before attempt {@code attempt} (1 for the first retry). */
  @Override
  public Duration createDelay(long attempt) {
    long step = minNanos;
    for (long i = 1; i < attempt && step < maxNanos; i++) {
      step = Math.min(maxNanos, step * 2);
    }
    long half = step / 2;
    return Duration.ofNanos(step - half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
