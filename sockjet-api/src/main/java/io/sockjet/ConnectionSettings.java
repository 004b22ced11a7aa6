package io.sockjet;

import io.sockjet.protocol.Limits;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The settings every connection of one server (or client) shares. Immutable.
 *
 * @param limits what the peer may send
 * @param maxQueuedBytes the cap on bytes accepted for sending and not yet written
 * @param lowWaterMark the queue size at or below which a drain event fires again
 * @param overflowPolicy what a send over the cap does
 * @param closeTimeout how long the closing handshake (and the TCP close) may take
 * @param pingInterval ping after this much silence from the peer; null for never
 * @param pongTimeout how long to wait for any input after a keepalive ping before dropping the
 *     connection
 * @param idleTimeout close (1001) after this much silence; null for never
 * @param maxOutgoingMessage the largest message this side may send (IllegalArgumentException above)
 * @param executor where listener callbacks run; null for the event loop itself
 */
record ConnectionSettings(Limits limits, long maxQueuedBytes, int lowWaterMark,
    OverflowPolicy overflowPolicy, Duration closeTimeout, Duration pingInterval,
    Duration pongTimeout, Duration idleTimeout, long maxOutgoingMessage, Executor executor) {

  /** 16 MiB: OkHttp's cap; a few seconds of a fast link, far more than a healthy peer lags. */
  static final long DEFAULT_MAX_QUEUED_BYTES = 16L << 20;
  /** 64 KiB, the loop's read size: a drain event means a socket write's worth of room. */
  static final int DEFAULT_LOW_WATER_MARK = 64 * 1024;
  /** 5 s: generous for a round trip, short enough that a dead peer frees its socket soon. */
  static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** 10 s to answer a keepalive ping. */
  static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

  static ConnectionSettings defaults() {
    return new ConnectionSettings(Limits.DEFAULTS, DEFAULT_MAX_QUEUED_BYTES,
        DEFAULT_LOW_WATER_MARK, OverflowPolicy.CLOSE, DEFAULT_CLOSE_TIMEOUT, null,
        DEFAULT_PONG_TIMEOUT, null, Limits.DEFAULT_MAX_MESSAGE_SIZE, null);
  }

  /** The high-water mark: above it the queue is "full" until it drains to the low-water mark. */
  int highWaterMark() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(lowWaterMark * 2L, lowWaterMark + 1L));
  }
}
