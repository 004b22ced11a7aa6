package io.sockjet;

/**
 * Answers plain HTTP requests that reach a WebSocket server without asking for an upgrade. Runs on
 * the event loop: keep it quick. Without one, such requests get 426 Upgrade Required.
 */
@FunctionalInterface
public interface HttpHandler {
  /** The response to {@code request}. */
  HttpResponse handle(HandshakeRequest request);
}
