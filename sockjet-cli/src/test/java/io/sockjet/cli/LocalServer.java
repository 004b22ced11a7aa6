package io.sockjet.cli;

import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Sockjet server a test starts on a free loopback port, with one event loop, and that is shut
 * down after the test ({@code @RegisterExtension final LocalServer local = new LocalServer()}).
 * Used from the test's thread.
 */
final class LocalServer implements AfterEachCallback {
  private WebSocketServer server;

  /** Starts a server with {@code listener}. */
  WebSocketServer start(WebSocketListener listener) {
    return start(b -> b.listener(listener));
  }

  /** Starts a server configured by {@code configure}, beyond host, port and loops. */
  WebSocketServer start(UnaryOperator<WebSocketServer.Builder> configure) {
    server = configure.apply(WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1))
        .start();
    return server;
  }

  /** The server started, for its port. */
  int port() {
    return server.port();
  }

  /** {@code scheme://127.0.0.1:PORT/}. */
  String url(String scheme) {
    return scheme + "://127.0.0.1:" + server.port() + "/";
  }

  /** {@code ws://127.0.0.1:PORT/}. */
  String url() {
    return url("ws");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }
}
