package io.sockjet.examples;

import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** A test of one example server: started before each test, with a client to talk to it. */
@Timeout(60)
abstract class ExampleServerTest {
  final WebSocketClient client = WebSocketClient.builder().build();
  WebSocketServer server;

  /** Starts the example under test on any free port. */
  abstract WebSocketServer start();

  @BeforeEach
  void startServer() {
    server = start();
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(5)).join();
  }

  /** A connection to {@code path} on the server. */
  TestClient connect(String path) {
    return TestClient.connect(client, "ws://localhost:" + server.port() + path);
  }
}
