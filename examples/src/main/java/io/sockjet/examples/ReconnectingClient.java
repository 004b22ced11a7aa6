package io.sockjet.examples;

import io.sockjet.ReconnectListener;
import io.sockjet.ReconnectPolicy;
import io.sockjet.ReconnectingWebSocket;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A client that outlives its server: whenever the connection is lost it connects again, waiting
 * 100 ms, then twice as long each time up to 5 s (with jitter, so a thousand clients do not come
 * back at once). Each new connection says hello again: what to send after a reconnect is the
 * application's to decide.
 *
 * <pre>
 * java io.sockjet.examples.ReconnectingClient ws://localhost:8080/
 * </pre>
 */
public final class ReconnectingClient {
  private ReconnectingClient() {}

  /** Connects to {@code uri} for good; every text message received goes to {@code onMessage}. */
  public static ReconnectingWebSocket connect(WebSocketClient client, URI uri, Consumer<String> onMessage) {
    ReconnectPolicy backoff = ReconnectPolicy.builder()
        .initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofSeconds(5))
        .build();
    return client.connectWithRetry(uri, backoff,
        new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            onMessage.accept(text);
          }
        },
        new ReconnectListener() {
          @Override
          public void onConnected(WebSocket ws) {
            ws.sendText("hello");
          }

          @Override
          public void onReconnecting(int attempt, Duration delay, Throwable cause) {
            System.err.println("connection lost; attempt " + attempt + " in " + delay.toMillis() + " ms");
          }
        });
  }

  public static void main(String[] args) {
    URI uri = URI.create(args.length > 0 ? args[0] : "ws://localhost:8080/");
    WebSocketClient client = WebSocketClient.builder().build();
    ReconnectingWebSocket ws = connect(client, uri, System.out::println);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ws.close();
      client.close();
    }));
    ws.stopped().join(); // until Ctrl-C, or the policy gives up
  }
}
