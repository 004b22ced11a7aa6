package io.sockjet.cli;

/**
 * A token bucket: how many chat messages one member may send, {@code perSecond} a second on
 * average with bursts of twice as many. Thread-safe (a member's messages arrive on its loop; the
 * lock is uncontended).
 *
 * <p>Why: every message a member sends costs the room a send to every member, so one client
 * sending as fast as it can would take the room's loop (and every member's bandwidth) for itself.
 * People type far slower than the default of 5 messages a second; a burst of 10 covers a paste.
 */
final class MessageRate {
  /** The default rate of {@code serve --chat-rate}. */
  static final int DEFAULT_PER_SECOND = 5;

  private final long nanosPerToken;
  private final int burst;
  private long tokensAsOf; // the time at which the bucket held `burst` tokens less what was used
  private int refused;

  /** A full bucket at {@code nowNanos}, refilling {@code perSecond} (at least 1) a second. */
  MessageRate(int perSecond, long nowNanos) {
    this.nanosPerToken = 1_000_000_000L / perSecond;
    this.burst = 2 * perSecond;
    tokensAsOf = nowNanos - burst * nanosPerToken;
  }

  /** Takes a token at {@code nowNanos}; false (and counted) if the member sends too fast. */
  synchronized boolean tryTake(long nowNanos) {
    long earliest = nowNanos - burst * nanosPerToken;
    if (tokensAsOf < earliest) {
      tokensAsOf = earliest; // a full bucket holds no more than `burst`
    }
    if (tokensAsOf + nanosPerToken > nowNanos) {
      refused++;
      return false;
    }
    tokensAsOf += nanosPerToken;
    refused = 0;
    return true;
  }

  /** Messages refused in a row, since the last one let through. */
  synchronized int refusedInARow() {
    return refused;
  }
}
