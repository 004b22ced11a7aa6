package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockjet.ReconnectingWebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReconnectingClientTest {

  @Test
  void comesBackAfterTheServerRestartsAndSaysHelloAgain() throws Exception {
    WebSocketServer server = EchoServer.start(0);
    int port = server.port();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      ReconnectingWebSocket ws = ReconnectingClient.connect(client, URI.create("ws://localhost:" + port + "/"), received::add);
      assertEquals("hello", received.poll(10, TimeUnit.SECONDS));

      server.shutdown(Duration.ofSeconds(5)).join();
      server = EchoServer.start(port); // the same port, as a restarted server has
      assertEquals("hello", received.poll(10, TimeUnit.SECONDS), "the echo of the second connection's hello");

      ws.close();
      ws.stopped().get(10, TimeUnit.SECONDS);
    } finally {
      server.shutdown(Duration.ofSeconds(5)).join();
    }
  }
}
