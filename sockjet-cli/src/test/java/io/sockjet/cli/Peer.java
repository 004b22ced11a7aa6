package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client connection made with the library's own client, recording every text message it
 * receives (binary ones as UTF-8 text) and how it closed. Safe from any thread.
 */
final class Peer implements AutoCloseable {
  static final long WAIT_SECONDS = 10;

  final WebSocket ws;
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();

  private Peer(WebSocketClient client, URI uri) throws Exception {
    ws = client.connect(uri, new WebSocketListener() {
      @Override
      public void onText(WebSocket w, String text) {
        texts.add(text);
      }

      @Override
      public void onBinary(WebSocket w, ByteBuffer data) {
        texts.add(StandardCharsets.UTF_8.decode(data).toString());
      }

      @Override
      public void onClose(WebSocket w, CloseEvent event) {
        closed.complete(event);
      }
    }).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  static Peer connect(WebSocketClient client, URI uri) throws Exception {
    return new Peer(client, uri);
  }

  /** The next text message; fails after 10 s. */
  String next() throws InterruptedException {
    String text = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(text).as("a message within %d s", WAIT_SECONDS).isNotNull();
    return text;
  }

  /** Skips messages until one matches; fails after 10 s, naming what came instead. */
  String await(Predicate<String> wanted) throws InterruptedException {
    List<String> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      String text = texts.poll(100, TimeUnit.MILLISECONDS);
      if (text != null) {
        if (wanted.test(text)) {
          return text;
        }
        skipped.add(text);
      }
    }
    throw new AssertionError("no matching message within " + WAIT_SECONDS + " s; got " + skipped);
  }

  /** Skips messages until one matches, for up to {@code millis}; null if none did. */
  String poll(Predicate<String> wanted, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      String text = texts.poll(10, TimeUnit.MILLISECONDS);
      if (text != null && wanted.test(text)) {
        return text;
      }
    }
    return null;
  }

  /** Waits for the message that equals {@code text}. */
  String await(String text) throws InterruptedException {
    return await(text::equals);
  }

  /** How the connection closed; fails after 10 s. */
  CloseEvent awaitClose() throws Exception {
    return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!closed.isDone()) {
      ws.close(1000, "test done");
      closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
