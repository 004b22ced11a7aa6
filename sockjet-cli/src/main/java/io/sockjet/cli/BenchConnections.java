package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens and closes the connections of a {@code bench} run, all at once, on the client's shared
 * event loops. Stateless; called from the command's thread.
 */
final class BenchConnections {
  /** How long closing the connections may take at the end (the library's close timeout is 5 s). */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(6);

  private BenchConnections() {}

  /**
   * Connects once per listener, concurrently, and waits for all; null if one failed, after
   * printing why to {@code err} (naming which connection when there are several).
   */
  static List<WebSocket> open(WebSocketClient client, URI url,
      List<? extends WebSocketListener> listeners, Duration connectTimeout, PrintStream err)
      throws InterruptedException {
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>(listeners.size());
    for (WebSocketListener listener : listeners) {
      opening.add(client.connect(url, listener));
    }
    List<WebSocket> sockets = new ArrayList<>(listeners.size());
    for (int i = 0; i < opening.size(); i++) {
      try {
        sockets.add(opening.get(i).get());
      } catch (ExecutionException e) {
        String why = ConnectFailure.describe(url, e.getCause(), connectTimeout);
        err.println(opening.size() == 1 ? why
            : why + " (connection " + (i + 1) + " of " + opening.size() + ")");
        return null;
      }
    }
    return sockets;
  }

  /** Closes every connection with 1000 and waits, bounded, for the closing handshakes. */
  static void closeAll(List<WebSocket> sockets) {
    List<CompletableFuture<CloseEvent>> closing = new ArrayList<>(sockets.size());
    for (WebSocket ws : sockets) {
      closing.add(ws.closeFuture());
      ws.close(1000, "bench done");
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }
}
