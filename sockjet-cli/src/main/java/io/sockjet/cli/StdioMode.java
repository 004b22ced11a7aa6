package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code sockjet serve --stdio}: a server for a person at the terminal (wscat's {@code -l},
 * websocat's {@code -s}): each line typed on stdin goes to every connected client as a text
 * message, and each message a client sends is printed on stdout after the client's address, as
 * {@code [127.0.0.1:50412] hello} (binary messages as Base64). End of input stops the server, as
 * Ctrl-C does. Lines are read on a thread of their own; messages are printed on the event loops.
 */
final class StdioMode implements ServeMode {
  /** Lines typed may be as long as a message may be. */
  private static final int MAX_LINE_BYTES = 64 << 20;

  private final Stdio io;
  private final WebSocketListener printer;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  /** Reads lines from {@code io}'s stdin and prints messages on its stdout. */
  StdioMode(Stdio io) {
    this.io = io;
    this.printer = new MessagePrinter(io.out(),
        ws -> "[" + ConnectionLog.address(ws.remoteAddress()) + "] ");
  }

  @Override
  public String name() {
    return "stdio";
  }

  @Override
  public String path() {
    return "/";
  }

  @Override
  public WebSocketListener listener() {
    return printer;
  }

  /** Starts reading stdin once the server listens. */
  @Override
  public void started(WebSocketServer server) {
    Thread reading = new Thread(() -> readLines(server), "sockjet-stdin");
    reading.setDaemon(true); // a read blocked on a terminal must not hold the JVM at shutdown
    reading.start();
  }

  /** Completes when stdin has ended: the server then stops. */
  @Override
  public CompletableFuture<Void> finished() {
    return finished;
  }

  private void readLines(WebSocketServer server) {
    LineReader lines = new LineReader(io.in(), MAX_LINE_BYTES, LineReader.Overflow.SPLIT);
    try {
      byte[] line;
      while ((line = lines.next()) != null) {
        String text = new String(line, StandardCharsets.UTF_8);
        List<WebSocket> clients = server.connections();
        if (clients.isEmpty()) {
          io.err().println("sockjet: no client is connected: the line was not sent");
        }
        for (WebSocket ws : clients) {
          ws.sendText(text); // a client too slow for its queue is closed by the overflow policy
        }
      }
    } catch (IOException e) {
      io.err().println("sockjet: reading stdin failed: " + e.getMessage());
    } finally {
      finished.complete(null);
    }
  }
}
