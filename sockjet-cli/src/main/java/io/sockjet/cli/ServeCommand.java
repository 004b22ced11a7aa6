package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sockjet serve}: a WebSocket server on a port, echoing every message, with a log line per
 * connection and close. Ctrl-C shuts it down gracefully (1001 to every client).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Runs a WebSocket server.",
    footer = {"", "Examples:", "  sockjet serve --echo", "  sockjet serve --echo --host 127.0.0.1 --port 9000"})
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--host", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host = "0.0.0.0";

  @Option(names = {"-p", "--port"}, description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(names = "--echo", description = "Echo every message back to its sender (the default mode for now).")
  boolean echo = true;

  @Option(names = "--max-message", description = "Largest message accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long maxMessage = 64L << 20;

  /** Set by tests to stop the server without a signal. */
  final CountDownLatch stop = new CountDownLatch(1);
  volatile WebSocketServer server;

  @Override
  public Integer call() throws Exception {
    WebSocketServer s = WebSocketServer.builder().host(host).port(port).maxMessageSize(maxMessage)
        .listener(new EchoListener()).start();
    server = s;
    Thread hook = new Thread(() -> {
      System.err.println("shutting down");
      s.shutdown(Duration.ofSeconds(5)).join();
    }, "sockjet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("sockjet: echo server listening on ws://" + host + ":" + s.port() + "/");
    System.out.flush();
    stop.await();
    Runtime.getRuntime().removeShutdownHook(hook);
    s.shutdown(Duration.ofSeconds(5)).join();
    return 0;
  }

  /** Echoes text and binary messages unchanged, logging opens and closes. */
  static final class EchoListener implements WebSocketListener {
    @Override
    public void onOpen(WebSocket ws) {
      System.out.println("open  " + ws.remoteAddress() + " " + ws.request().uri());
    }

    @Override
    public void onText(WebSocket ws, String text) {
      ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
      ws.sendBinary(data);
    }

    @Override
    public void onClose(WebSocket ws, CloseEvent event) {
      System.out.println("close " + ws.remoteAddress() + " " + event.code()
          + (event.reason().isEmpty() ? "" : " " + event.reason()) + (event.clean() ? "" : " (unclean)"));
    }
  }
}
