package io.sockjet.bench.load;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens many connections to one server with a bounded number of handshakes under way, so a
 * server's accept backlog (50 for a plain Java server socket) never overflows: an overflow drops
 * SYNs, and the client's retry a second later would be measured as the server's slowness. Used
 * from the main thread of a driver.
 */
final class Connector {
  /** Handshakes under way at once: enough to hide the round trips, below any backlog. */
  static final int WINDOW = 32;

  private Connector() {}

  /**
   * Opens {@code count} connections to {@code uri} and checks each negotiated no extension (the
   * comparison is of uncompressed WebSocket). Throws if any connect fails.
   */
  static List<WebSocket> open(WebSocketClient client, URI uri, int count) throws Exception {
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>(count));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Semaphore window = new Semaphore(WINDOW);
    for (int i = 0; i < count && failure.get() == null; i++) {
      window.acquire();
      CompletableFuture<WebSocket> connecting = client.connect(uri);
      connecting.whenComplete((ws, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else if (negotiatedExtensions(ws)) {
          failure.compareAndSet(null, new IllegalStateException(
              "server negotiated an extension: " + ws.responseHeaders()));
        } else {
          open.add(ws);
        }
        window.release();
      });
    }
    window.acquire(WINDOW); // every handshake has ended
    if (failure.get() != null) {
      throw new IllegalStateException("connect failed after " + open.size() + " of " + count
          + " connections", failure.get());
    }
    return open;
  }

  private static boolean negotiatedExtensions(WebSocket ws) {
    for (Map.Entry<String, List<String>> h : ws.responseHeaders().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Sec-WebSocket-Extensions") && !h.getValue().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
