package io.sockjet.examples;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;

/**
 * Backpressure: each client gets a feed of numbered messages as fast as it reads them and no
 * faster. A slow client does not make the server queue the whole feed in memory: the server
 * stops sending once the client's send queue is over its high-water mark, and goes on when
 * {@code onDrain} says the queue fell to the low-water mark. When the last message is on the
 * wire ({@code flushed()}), it closes.
 *
 * <pre>
 * java io.sockjet.examples.BackpressureFeed 8080 100000
 * ./sockjet connect ws://localhost:8080/ | pv -l &gt; /dev/null
 * </pre>
 */
public final class BackpressureFeed {
  /** Sending pauses above this many queued bytes (twice the low-water mark), resumes at 64 KiB. */
  static final int LOW_WATER = 64 * 1024;
  static final int HIGH_WATER = 2 * LOW_WATER;
  /** A kilobyte of filler per message, so the feed fills a queue quickly. */
  private static final String FILLER = "x".repeat(1000);

  private BackpressureFeed() {}

  /** Starts a server that sends {@code messages} messages to every client, then closes it. */
  public static WebSocketServer start(int port, int messages) {
    return WebSocketServer.builder()
        .port(port)
        .lowWaterMark(LOW_WATER)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.setAttribute("next", 0);
            pump(ws, messages);
          }

          @Override
          public void onDrain(WebSocket ws) {
            pump(ws, messages);
          }
        })
        .start();
  }

  /**
   * Sends until the queue is over the high-water mark or the feed is done. Runs on the
   * connection's event loop (onOpen, onDrain), one call at a time.
   */
  private static void pump(WebSocket ws, int messages) {
    int first = ws.attribute("next");
    int next = first;
    while (next < messages && ws.queuedBytes() <= HIGH_WATER) {
      if (ws.sendText("message " + next + " " + FILLER) == SendResult.REFUSED) {
        return; // the connection is closing: nothing more to send
      }
      next++;
    }
    ws.setAttribute("next", next);
    if (next == messages && first < messages) {
      ws.flushed().thenRun(() -> ws.close(1000, "that was all"));
    }
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    WebSocketServer server = start(port, messages);
    System.out.println("feed of " + messages + " messages on ws://localhost:" + server.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5)).join()));
  }
}
