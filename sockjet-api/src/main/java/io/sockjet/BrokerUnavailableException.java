package io.sockjet;

import java.io.IOException;

/**
 * A {@link Broker} could not take a command because it is not connected ({@link
 * BrokerState#DOWN}) or is closed. A publish fails with it at once rather than waiting for the
 * connection: a command queued through an outage and replayed after it would "succeed" and reach
 * no one who was told.
 */
public class BrokerUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public BrokerUnavailableException(String message) {
    super(message);
  }

  /** An exception with {@code message} and its {@code cause}. */
  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
