package io.sockjet;

import java.time.Duration;

/**
 * Told what a {@link ReconnectingWebSocket} does about lost connections. Every method has an empty
 * default. Callbacks run on an event loop of the client (or the thread that completed a connect
 * attempt); they must not block.
 */
public interface ReconnectListener {

  /**
   * A connection was lost (or an attempt failed) and attempt {@code attempt} (from 1; reset after
   * each success) will start after {@code delay}. {@code cause} is the attempt's failure, or null
   * when an open connection ended (its {@link CloseEvent} went to the listener).
   */
  default void onReconnecting(int attempt, Duration delay, Throwable cause) {}

  /** A connection is open: the first one, or one after a loss. */
  default void onConnected(WebSocket ws) {}

  /**
   * The policy allows no more attempts (or the client shut down): {@code attempts} reconnect
   * attempts were made since the last connection (0 if the first connect failed and the policy
   * allows none); {@code cause} is the last failure. Nothing follows.
   */
  default void onGaveUp(int attempts, Throwable cause) {}
}
