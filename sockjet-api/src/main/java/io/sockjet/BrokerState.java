package io.sockjet;

/** Where a {@link Broker}'s connection stands. */
public enum BrokerState {
  /**
   * Not connected: before the first connection, or after one was lost. Publishes fail at once;
   * what other nodes publish meanwhile does not arrive, and subscribers are told so on the way
   * back up.
   */
  DOWN,
  /** Connected, and every channel of interest subscribed (again). */
  UP,
  /** Closed for good: it holds nothing and does nothing more. */
  CLOSED
}
