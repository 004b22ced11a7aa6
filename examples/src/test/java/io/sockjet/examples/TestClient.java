package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Thread-safe. A client connection for the examples' tests that keeps what it receives: text as
 * it is, binary as {@code "binary:"} and the bytes in hex, and its close event.
 */
final class TestClient {
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  final WebSocket ws;

  private TestClient(WebSocketClient client, URI uri) {
    this.ws = client.connect(uri, new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        messages.add(text);
      }

      @Override
      public void onBinary(WebSocket ws, ByteBuffer data) {
        StringBuilder hex = new StringBuilder("binary:");
        while (data.hasRemaining()) {
          hex.append(String.format("%02x", data.get()));
        }
        messages.add(hex.toString());
      }

      @Override
      public void onClose(WebSocket ws, CloseEvent event) {
        closed.complete(event);
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Opens a connection to {@code uri}, failing the test if that takes 10 s. */
  static TestClient connect(WebSocketClient client, String uri) {
    return new TestClient(client, URI.create(uri));
  }

  /** The next message received, waiting up to 10 s for it. */
  String next() throws InterruptedException {
    String message = messages.poll(10, TimeUnit.SECONDS);
    assertNotNull(message, "no message within 10 s");
    return message;
  }

  /** The next message if one arrives within {@code millis}, else null. */
  String poll(long millis) throws InterruptedException {
    return messages.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** The close event, waiting up to 10 s for it. */
  CloseEvent awaitClose() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }
}
