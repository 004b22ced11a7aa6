package io.sockjet.redis;

import io.sockjet.BrokerUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Lettuce's failures as the broker contract's one exception. */
final class Failures {
  private Failures() {}

  /**
   * {@code failure} as a {@link BrokerUnavailableException}: whatever kept Redis from taking a
   * command (not connected, the connection lost with the command in flight, a timeout, an error
   * reply), the caller learns the same thing: it was not delivered by this broker.
   */
  static BrokerUnavailableException unavailable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof BrokerUnavailableException b) {
      return b;
    }
    return new BrokerUnavailableException("Redis did not take the command: " + cause, cause);
  }

  /** A future failed at once with {@link BrokerUnavailableException}. */
  static <T> CompletableFuture<T> failed(String message) {
    return CompletableFuture.failedFuture(new BrokerUnavailableException(message));
  }
}
