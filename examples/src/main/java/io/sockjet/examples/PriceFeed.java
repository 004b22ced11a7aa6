package io.sockjet.examples;

import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.Topics;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Publish/subscribe: the server publishes a price for each symbol ten times a second to the
 * topic of that symbol; a client sends {@code subscribe SYMBOL} or {@code unsubscribe SYMBOL}
 * and gets the prices of its symbols. A price is framed once for all of its subscribers. A
 * subscriber that falls behind by more than 64 KiB is skipped rather than queued without end,
 * and is told how many prices it missed before the next one.
 *
 * <pre>
 * java io.sockjet.examples.PriceFeed 8080
 * (echo subscribe ACME; sleep 2) | ./sockjet connect ws://localhost:8080/
 * </pre>
 */
public final class PriceFeed {
  static final List<String> SYMBOLS = List.of("ACME", "GLOBEX", "INITECH");

  private PriceFeed() {}

  /** Starts the feed on {@code port} (0: any free port), publishing every {@code period}. */
  public static WebSocketServer start(int port, Duration period) {
    WebSocketServer server = WebSocketServer.builder()
        .port(port)
        .slowSubscribers(SlowSubscriberPolicy.skip(64 * 1024))
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            String[] command = text.trim().split(" ");
            String symbol = command.length == 2 && SYMBOLS.contains(command[1]) ? command[1] : null;
            if (symbol != null && command[0].equals("subscribe")) {
              ws.subscribe(symbol);
              ws.sendText("subscribed " + symbol);
            } else if (symbol != null && command[0].equals("unsubscribe")) {
              ws.unsubscribe(symbol);
              ws.sendText("unsubscribed " + symbol);
            } else {
              ws.sendText("error: say subscribe or unsubscribe, then one of " + SYMBOLS);
            }
          }

          @Override
          public void onMissed(WebSocket ws, String topic, long count) {
            ws.sendText("missed " + count + " prices of " + topic);
          }
        })
        .start();
    Topics topics = server.topics();
    Random market = new Random();
    double[] prices = {100, 50, 10};
    // A tick runs on one of the server's event loops; publish never blocks.
    server.every(period, () -> {
      for (int i = 0; i < prices.length; i++) {
        prices[i] = Math.max(0.01, prices[i] * (1 + (market.nextDouble() - 0.5) / 100));
        topics.publish(SYMBOLS.get(i), String.format(Locale.ROOT, "%s %.2f", SYMBOLS.get(i), prices[i]));
      }
    });
    return server;
  }

  public static void main(String[] args) {
    WebSocketServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080, Duration.ofMillis(100));
    System.out.println("prices of " + SYMBOLS + " on ws://localhost:" + server.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5)).join()));
  }
}
