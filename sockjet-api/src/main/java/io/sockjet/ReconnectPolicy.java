package io.sockjet;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Immutable (its random source is thread-safe): how a {@link ReconnectingWebSocket} waits between
 * attempts. Exponential backoff with jitter and a cap: attempt {@code n} (from 1) waits
 * {@code min(max, initial * multiplier^(n-1))}, then multiplied by a uniform factor in
 * {@code [1 - jitter, 1 + jitter]} (and capped again), so that many clients cut off by one server
 * restart do not all come back in the same instant.
 *
 * <pre>{@code
 * ReconnectPolicy p = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(200))
 *     .maxDelay(Duration.ofSeconds(30)).maxAttempts(0).build();
 * }</pre>
 */
public final class ReconnectPolicy {
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final int maxAttempts;
  private final Random random;

  private ReconnectPolicy(Builder b) {
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxAttempts = b.maxAttempts;
    this.random = b.random;
  }

  /** The defaults: 500 ms doubling up to 30 s, 20% jitter, unlimited attempts. */
  public static ReconnectPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The delay before attempt {@code attempt} (1 for the first attempt after a loss), jitter drawn
   * from this policy's random source.
   */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1: " + attempt);
    }
    double cap = maxDelay.toNanos();
    double base = Math.min(cap, initialDelay.toNanos() * Math.pow(multiplier, attempt - 1));
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofNanos((long) Math.min(cap, base * factor));
  }

  /** Whether attempt {@code attempt} may be made (0 max attempts means no limit). */
  public boolean allows(int attempt) {
    return maxAttempts == 0 || attempt <= maxAttempts;
  }

  @Override
  public String toString() {
    return "ReconnectPolicy[initial=" + initialDelay + ", max=" + maxDelay + ", x" + multiplier
        + ", jitter=" + jitter + ", maxAttempts=" + (maxAttempts == 0 ? "unlimited" : maxAttempts)
        + "]";
  }

  /** Not thread-safe; build once. */
  public static final class Builder {
    /** 500 ms: a restarting server is rarely back sooner; a first retry should still be quick. */
    private Duration initialDelay = Duration.ofMillis(500);
    /** 30 s: long enough to spare a struggling server, short enough to notice its return soon. */
    private Duration maxDelay = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    /** 20%: spreads a herd of clients over a window as wide as a fifth of the delay. */
    private double jitter = 0.2;
    private int maxAttempts;
    private Random random = new Random();

    private Builder() {}

    /** The delay before the first attempt after a loss. */
    public Builder initialDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay: " + delay);
      }
      this.initialDelay = delay;
      return this;
    }

    /** The cap on any delay. */
    public Builder maxDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay: " + delay);
      }
      this.maxDelay = delay;
      return this;
    }

    /** The growth factor per attempt (at least 1). */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1)) {
        throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The jitter fraction, 0 (none) to 1 (anything from zero to twice the delay). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The most attempts in a row before giving up; 0 (the default) for no limit. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("negative attempts: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The jitter's random source; a seeded one makes the delays reproducible (tests). */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** The policy. */
    public ReconnectPolicy build() {
      return new ReconnectPolicy(this);
    }
  }
}
