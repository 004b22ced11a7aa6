package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import org.junit.jupiter.api.Test;

class BackpressureFeedTest extends ExampleServerTest {
  /** 20 MB: more than loopback's socket buffers hold, so a client that stops reading is felt. */
  private static final int MESSAGES = 20_000;

  @Override
  WebSocketServer start() {
    return BackpressureFeed.start(0, MESSAGES);
  }

  @Test
  void aClientThatStopsReadingHoldsUpTheFeedNotTheServersMemory() throws Exception {
    TestClient c = connect("/");
    c.ws.pauseReading();
    Thread.sleep(500); // the feed fills the socket buffers, then the server's queue, then stops
    WebSocket feed = server.connections().get(0);
    int sent = feed.attribute("next");
    assertTrue(sent < MESSAGES, "the server stopped sending, at " + sent);
    // The high-water mark plus the message that crossed it (1 KiB and a frame header).
    assertTrue(feed.queuedBytes() <= BackpressureFeed.HIGH_WATER + 1100, "queued " + feed.queuedBytes());

    c.ws.resumeReading();
    for (int i = 0; i < MESSAGES; i++) {
      String message = c.next();
      assertEquals("message " + i + " ", message.substring(0, message.indexOf(' ', 8) + 1));
    }
    assertEquals(1000, c.awaitClose().code());
  }
}
