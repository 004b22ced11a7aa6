package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockjet.WebSocketServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PriceFeedTest extends ExampleServerTest {
  @Override
  WebSocketServer start() {
    return PriceFeed.start(0, Duration.ofMillis(10));
  }

  @Test
  void aClientGetsThePricesOfTheSymbolsItSubscribedTo() throws Exception {
    TestClient c = connect("/");
    c.ws.sendText("subscribe ACME");
    assertEquals("subscribed ACME", c.next());
    for (int i = 0; i < 3; i++) {
      assertTrue(c.next().matches("ACME \\d+\\.\\d\\d"));
    }
    assertEquals(1, server.topics().subscribers("ACME"));

    c.ws.sendText("subscribe GLOBEX");
    c.ws.sendText("unsubscribe ACME");
    String message;
    do {
      message = c.next();
    } while (!message.equals("unsubscribed ACME"));
    // The answer is sent at once, while prices published just before it may still be on their
    // way; after those, only GLOBEX.
    for (int i = 0; i < 10; i++) {
      c.next();
    }
    for (int i = 0; i < 10; i++) {
      assertTrue(c.next().startsWith("GLOBEX "));
    }
    assertEquals(0, server.topics().subscribers("ACME"));
  }

  @Test
  void anUnknownCommandIsAnswered() throws Exception {
    TestClient c = connect("/");
    c.ws.sendText("buy ACME");
    assertTrue(c.next().startsWith("error: "));
  }
}
