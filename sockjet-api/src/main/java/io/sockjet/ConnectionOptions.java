package io.sockjet;

import io.sockjet.internal.ConnectionSettings;
import io.sockjet.protocol.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings a server's and a client's connections have in common: limits, the send queue,
 * timers, the handler executor and the listener. {@link WebSocketServer.Builder}, {@link
 * WebSocketClient.Builder} and {@link Route.Builder} extend it, so each setting is declared and
 * documented once.
 * Not thread-safe; a builder is configured by one thread, then built once.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class ConnectionOptions<B extends ConnectionOptions<B>> {
  long maxMessageSize = Limits.DEFAULT_MAX_MESSAGE_SIZE;
  long maxFrameSize = Limits.DEFAULT_MAX_FRAME_SIZE;
  int maxFragments = Limits.DEFAULT_MAX_FRAGMENTS;
  long maxOutgoingMessage = Limits.DEFAULT_MAX_MESSAGE_SIZE;
  long maxQueuedBytes = -1; // -1: the outgoing message limit plus headroom
  int lowWaterMark = ConnectionSettings.DEFAULT_LOW_WATER_MARK;
  OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
  Duration closeTimeout = ConnectionSettings.DEFAULT_CLOSE_TIMEOUT;
  Duration pingInterval = ConnectionSettings.DEFAULT_PING_INTERVAL;
  Duration pongTimeout = ConnectionSettings.DEFAULT_PONG_TIMEOUT;
  Duration idleTimeout;
  Duration messageTimeout;
  Executor executor;
  WebSocketListener listener;

  ConnectionOptions() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The settings every connection built from these options shares. */
  ConnectionSettings settings() {
    long queueCap = maxQueuedBytes >= 0 ? maxQueuedBytes
        : maxOutgoingMessage + ConnectionSettings.QUEUE_HEADROOM;
    return new ConnectionSettings(new Limits(maxFrameSize, maxMessageSize, maxFragments),
        queueCap, lowWaterMark, overflowPolicy, closeTimeout, pingInterval, pongTimeout,
        idleTimeout, messageTimeout, maxOutgoingMessage, executor);
  }

  /** The listener every connection starts with (more can be added per connection). */
  public B listener(WebSocketListener listener) {
    this.listener = listener;
    return self();
  }

  /** The largest message accepted (1009 above it; default 64 MiB). */
  public B maxMessageSize(long bytes) {
    this.maxMessageSize = bytes;
    return self();
  }

  /** The largest frame accepted (1009 above it; default 64 MiB). */
  public B maxFrameSize(long bytes) {
    this.maxFrameSize = bytes;
    return self();
  }

  /** The most frames one message may have (1009 above it; default 16384). */
  public B maxFragments(int count) {
    this.maxFragments = count;
    return self();
  }

  /** The largest message this side may send (IllegalArgumentException above it; default 64 MiB). */
  public B maxOutgoingMessageSize(long bytes) {
    this.maxOutgoingMessage = bytes;
    return self();
  }

  /**
   * The cap on queued output per connection, control frames included (default: the outgoing
   * message limit plus 64 KiB, so the largest message this side may send always fits).
   */
  public B maxQueuedBytes(long bytes) {
    this.maxQueuedBytes = bytes;
    return self();
  }

  /** The queue size at or below which the drain event fires (default 64 KiB). */
  public B lowWaterMark(int bytes) {
    this.lowWaterMark = bytes;
    return self();
  }

  /** What a send over the queue cap does (default {@link OverflowPolicy#CLOSE}). */
  public B overflowPolicy(OverflowPolicy policy) {
    this.overflowPolicy = Objects.requireNonNull(policy);
    return self();
  }

  /** How long the closing handshake may take before the socket is dropped (default 5 s). */
  public B closeTimeout(Duration timeout) {
    this.closeTimeout = Objects.requireNonNull(timeout);
    return self();
  }

  /**
   * Keepalive: ping a connection silent for {@code interval}; drop it if it stays silent for
   * {@code pongTimeout} after the ping. Silent means no whole frame arrived (and less than 16 KiB
   * of a large one), so a peer dribbling a byte now and then is dropped too. On by default: 20 s
   * and 20 s.
   */
  public B keepalive(Duration interval, Duration pongTimeout) {
    this.pingInterval = Objects.requireNonNull(interval);
    this.pongTimeout = Objects.requireNonNull(pongTimeout);
    return self();
  }

  /** No keepalive pings: a dead peer is found only by TCP, or by {@link #idleTimeout}. */
  public B noKeepalive() {
    this.pingInterval = null;
    return self();
  }

  /**
   * Closes (1008) a connection whose incoming message has not ended {@code timeout} after its
   * first frame began, and stops reading it; null (the default) for no limit. Bounds how long a
   * peer may hold a partial message, however slowly it sends.
   */
  public B messageTimeout(Duration timeout) {
    this.messageTimeout = timeout;
    return self();
  }

  /** Closes (1001) a connection that has been silent this long; default never. */
  public B idleTimeout(Duration timeout) {
    this.idleTimeout = timeout;
    return self();
  }

  /**
   * Runs listener callbacks on this executor instead of the event loop, for handlers that block
   * (a virtual-thread executor on Java 21+). Callbacks of one connection stay ordered.
   */
  public B executor(Executor executor) {
    this.executor = executor;
    return self();
  }
}
