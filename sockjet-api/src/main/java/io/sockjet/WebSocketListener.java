package io.sockjet;

import java.nio.ByteBuffer;

/**
 * Receives the events of a connection. Every method has an empty default, so implement only what
 * you need.
 *
 * <p>Threading: callbacks of one connection never run concurrently and arrive in order; they run on
 * the connection's event loop, or on the server's handler executor if one is configured (in order
 * all the same). A callback that throws is logged and closes its connection with 1011; it never
 * harms other connections.
 *
 * <pre>{@code
 * WebSocketListener echo = new WebSocketListener() {
 *   public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *   public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) { ws.sendBinary(data); }
 * };
 * }</pre>
 */
public interface WebSocketListener {

  /** The connection is open: messages may be sent. */
  default void onOpen(WebSocket ws) {}

  /** A whole text message. */
  default void onText(WebSocket ws, String text) {}

  /** A whole binary message; the buffer belongs to the listener (it is not reused). */
  default void onBinary(WebSocket ws, ByteBuffer data) {}

  /**
   * A whole binary message, lent: {@code data} is valid only until this method returns, after
   * which Sockjet reuses its memory. Override this instead of {@link #onBinary} to receive binary
   * messages without a copy per message (for instance to echo or forward them: {@code
   * ws.sendBinary(data)} copies what it cannot write at once). Keep nothing of the buffer; copy
   * what you need. The default copies {@code data} and calls {@link #onBinary}.
   *
   * <pre>{@code
   * public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) { ws.sendBinary(data); }
   * }</pre>
   */
  default void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    onBinary(ws, copy);
  }

  /** A ping; unless automatic pongs are off, the pong has already been sent. The buffer is a copy. */
  default void onPing(WebSocket ws, ByteBuffer payload) {}

  /** A pong. The buffer is a copy. */
  default void onPong(WebSocket ws, ByteBuffer payload) {}

  /** The send queue fell to its low-water mark after having passed its high-water mark. */
  default void onDrain(WebSocket ws) {}

  /**
   * This subscriber did not get {@code count} messages published to {@code topic}: its queue was
   * over the topic's cap ({@link SlowSubscriberPolicy#skip}). Told once per gap, before the next
   * message of the topic it gets, or when its queue drains after passing the high-water mark
   * (whichever comes first), so the application can resync it. In a {@link Cluster}, also after
   * a broker outage ({@code count} is then {@link #UNKNOWN_COUNT}), a gap in another node's
   * messages, or a message dropped because the loops fell too far behind the broker.
   */
  default void onMissed(WebSocket ws, String topic, long count) {}

  /** {@link #onMissed}'s count when it is not known: messages were lost during a broker outage. */
  long UNKNOWN_COUNT = -1;

  /**
   * Something went wrong: a protocol violation by the peer ({@link WebSocketProtocolException}), an
   * I/O error, or a timeout. The connection is closing; {@link #onClose} follows.
   */
  default void onError(WebSocket ws, Throwable error) {}

  /** The connection is closed; called exactly once for every connection that opened. */
  default void onClose(WebSocket ws, CloseEvent event) {}
}
