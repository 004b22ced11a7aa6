package io.sockjet.internal;

import io.sockjet.OverflowPolicy;
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
 * @param messageTimeout close (1008) a connection whose incoming message has not ended this long
 *     after it started; null for never
 * @param maxOutgoingMessage the largest message this side may send (IllegalArgumentException above)
 * @param executor where listener callbacks run; null for the event loop itself
 */
public record ConnectionSettings(Limits limits, long maxQueuedBytes, int lowWaterMark,
    OverflowPolicy overflowPolicy, Duration closeTimeout, Duration pingInterval,
    Duration pongTimeout, Duration idleTimeout, Duration messageTimeout, long maxOutgoingMessage,
    Executor executor) {

  /**
   * Room for control frames and the odd reply queued beside the largest message: the default cap
   * on queued output is the outgoing message limit plus this, so that a message this side may
   * send (an echo of the largest the peer may send) always fits an empty queue.
   */
  public static final long QUEUE_HEADROOM = 64 * 1024;
  /** The default cap on queued output: the default outgoing message limit plus headroom. */
  static final long DEFAULT_MAX_QUEUED_BYTES = Limits.DEFAULT_MAX_MESSAGE_SIZE + QUEUE_HEADROOM;
  /** 64 KiB, the loop's read size: a drain event means a socket write's worth of room. */
  public static final int DEFAULT_LOW_WATER_MARK = 64 * 1024;
  /** 5 s: generous for a round trip, short enough that a dead peer frees its socket soon. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /**
   * 20 s of silence before a keepalive ping, and 20 s for the answer (Python websockets' values):
   * a dead peer, or one dribbling a byte now and then to look alive, is gone within 40 s, while a
   * healthy idle connection costs one small ping each way per 20 s.
   */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
  /** See {@link #DEFAULT_PING_INTERVAL}. */
  public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(20);

  static ConnectionSettings defaults() {
    return new ConnectionSettings(Limits.DEFAULTS, DEFAULT_MAX_QUEUED_BYTES,
        DEFAULT_LOW_WATER_MARK, OverflowPolicy.CLOSE, DEFAULT_CLOSE_TIMEOUT,
        DEFAULT_PING_INTERVAL, DEFAULT_PONG_TIMEOUT, null, null, Limits.DEFAULT_MAX_MESSAGE_SIZE,
        null);
  }

  /** The high-water mark: above it the queue is "full" until it drains to the low-water mark. */
  int highWaterMark() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(lowWaterMark * 2L, lowWaterMark + 1L));
  }
}
