package io.sockjet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Decides whether to accept a connection, seeing its {@link HandshakeRequest}. It runs on the event
 * loop, so it must not block: a decision that needs I/O (an auth lookup) returns a stage that
 * completes later, and the connection waits without holding the loop (its reading is paused).
 * A stage that fails, or a hook that throws, rejects with 500.
 *
 * <pre>{@code
 * HandshakeHandler auth = req -> tokens.lookup(req.queryParameter("token"))  // async
 *     .thenApply(user -> user == null ? HandshakeResponse.reject(401)
 *                                     : HandshakeResponse.accept().withAttachment(user));
 * }</pre>
 */
@FunctionalInterface
public interface HandshakeHandler {

  /** The decision for {@code request}, now or later. */
  CompletionStage<HandshakeResponse> handshake(HandshakeRequest request);

  /** A hook that decides at once. */
  static HandshakeHandler sync(Function<HandshakeRequest, HandshakeResponse> decide) {
    return request -> CompletableFuture.completedFuture(decide.apply(request));
  }
}
