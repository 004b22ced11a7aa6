package io.sockjet.examples;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Sends every message back to its sender, on any path.
 *
 * <pre>
 * java io.sockjet.examples.EchoServer 8080
 * echo hello | ./sockjet connect ws://localhost:8080/
 * </pre>
 */
public final class EchoServer {
  private EchoServer() {}

  /** Starts the server on {@code port} (0: any free port; {@link WebSocketServer#port()} says which). */
  public static WebSocketServer start(int port) {
    return configure(WebSocketServer.builder().port(port)).start();
  }

  /** Makes {@code builder}'s server an echo server (as {@link TlsEchoServer} does over TLS). */
  static WebSocketServer.Builder configure(WebSocketServer.Builder builder) {
    return builder
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }

          // Binary messages are lent, not copied: sendBinary copies only what the socket does
          // not take at once, so an echo costs no allocation.
          @Override
          public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
          }
        });
  }

  public static void main(String[] args) {
    WebSocketServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("echo server on ws://localhost:" + server.port() + "/");
    // Ctrl-C: every client gets 1001 (going away), then the server stops.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5)).join()));
  }
}
