package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Not thread-safe; confined to its connection's event loop, where all its callbacks run: one
 * subscriber of a fan-out run against {@code serve --pubsub}. It sends {@code sub TOPIC} on open
 * and completes {@link #subscribed} on {@code ok sub TOPIC}; then each {@code msg TOPIC PAYLOAD}
 * is checked against what the publisher sends ({@link BenchPayload}: sequence number, send time,
 * filler), timed, and checked for order: a topic delivers its publishes in one order, so a
 * sequence number below the next expected is out of order, and one above it means the ones
 * between were lost (the server skipped this subscriber).
 */
final class FanoutSubscriber implements WebSocketListener {
  /** Completes when the server confirmed the subscription; fails on an {@code err} reply. */
  final CompletableFuture<Void> subscribed = new CompletableFuture<>();
  private final int index;
  private final String topic;
  private final String prefix; // "msg TOPIC "
  private final String missedPrefix; // "missed TOPIC "
  private final BenchPayload payload; // what the publisher sends, to check what arrives
  private final FanoutStats stats;
  private final FanoutWindow window; // null when the publisher keeps a rate
  private long expected; // the sequence number the next publish should carry
  private volatile long measured; // measured publishes got in order; one writer, this loop

  /**
   * Subscriber number {@code index} (from 0) of {@code topic}; {@code window} is given back its
   * share of each publish, unless null.
   */
  FanoutSubscriber(int index, String topic, BenchPayload payload, FanoutStats stats,
      FanoutWindow window) {
    this.index = index;
    this.topic = topic;
    this.prefix = "msg " + topic + " ";
    this.missedPrefix = "missed " + topic + " ";
    this.payload = payload;
    this.stats = stats;
    this.window = window;
  }

  /** Measured publishes this subscriber got in order. Any thread. */
  long measured() {
    return measured;
  }

  @Override
  public void onOpen(WebSocket ws) {
    ws.sendText("sub " + topic);
  }

  @Override
  public void onText(WebSocket ws, String text) {
    long now = System.nanoTime();
    if (text.startsWith(prefix)) {
      received(text, now);
    } else if (!subscribed.isDone()) {
      if (text.equals("ok sub " + topic)) {
        subscribed.complete(null);
      } else {
        subscribed.completeExceptionally(new IllegalStateException(shorten(text)));
      }
    } else if (text.startsWith(missedPrefix)) {
      try {
        stats.missedTold(Long.parseLong(text.substring(missedPrefix.length())));
      } catch (NumberFormatException e) {
        stats.mismatch("subscriber " + index + ": " + shorten(text));
      }
    } else {
      stats.mismatch("subscriber " + index + ": unexpected message: " + shorten(text));
    }
  }

  private void received(String text, long now) {
    int at = prefix.length();
    long seq;
    long sentAt;
    try {
      seq = BenchPayload.textSeq(text, at);
      sentAt = BenchPayload.textSentAt(text, at);
    } catch (NumberFormatException e) {
      seq = -1;
      sentAt = 0;
    }
    if (seq < 0 || !payload.matches(text, at, seq, sentAt)) {
      stats.mismatch("subscriber " + index + ": a message differs from what was published: "
          + shorten(text));
      return;
    }
    if (seq < expected) {
      stats.outOfOrder("subscriber " + index + ": publish " + seq + " came after publish "
          + (expected - 1));
      return;
    }
    if (window != null) {
      for (long s = expected; s <= seq; s++) {
        window.done(s); // those skipped over will never come: their slots must not wait
      }
    }
    expected = seq + 1;
    if (stats.measured(sentAt)) {
      measured++;
    }
    stats.delivered(sentAt, now);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    stats.mismatch("subscriber " + index + ": a binary message; the protocol sends text");
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    if (stats.running()) {
      stats.problem("subscriber " + index + ": " + error);
    }
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    subscribed.completeExceptionally(new IllegalStateException("closed: " + event.code()));
    if (stats.running()) {
      stats.connectionLost("subscriber " + index + " closed during the run: " + event.code()
          + (event.reason().isEmpty() ? "" : " " + event.reason()));
    }
  }

  /** {@code text}, cut to a length a report line can take. */
  static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
