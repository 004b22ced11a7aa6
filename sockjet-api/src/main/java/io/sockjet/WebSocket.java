package io.sockjet;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection, on the server or the client side: the same API either way.
 *
 * <p>Threading: every method is safe to call from any thread. Calls made on the connection's event
 * loop (for example from a listener) act at once; calls from other threads are queued to the loop
 * and keep their order per thread. Messages sent from one thread arrive in the order sent.
 *
 * <p>Buffers: send methods capture the bytes of the buffer they are given (from its position to
 * its limit) before they return, or copy what the socket does not take at once, so the caller may
 * reuse the buffer afterwards. The buffer's position does not move.
 *
 * <pre>{@code
 * ws.addListener(new WebSocketListener() {
 *   public void onText(WebSocket ws, String text) { ws.sendText("echo: " + text); }
 * });
 * SendResult r = ws.sendText("hello");
 * ws.flushed().thenRun(() -> ws.close(1000, "bye"));
 * }</pre>
 */
public interface WebSocket extends MessageSender {

  // ------------------------------------------------------------------ sending: see MessageSender

  /** Whether pings are answered with a pong automatically (default true). */
  void setAutoPong(boolean autoPong);

  // ------------------------------------------------------------------ topics (server side)

  /**
   * Subscribes this connection to {@code topic} of its server ({@link Topics}): from now on it
   * gets every message published there, until it unsubscribes or closes. Returns false if it was
   * subscribed already or is closed.
   *
   * @throws UnsupportedOperationException on a client connection: topics live on a server
   */
  default boolean subscribe(String topic) {
    throw new UnsupportedOperationException("topics live on a server");
  }

  /** Unsubscribes from {@code topic}; returns false if this connection was not subscribed. */
  default boolean unsubscribe(String topic) {
    return false;
  }

  /** The topics this connection is subscribed to now. */
  default java.util.Set<String> subscriptions() {
    return java.util.Set.of();
  }

  /**
   * Publishes a text message to {@code topic}'s subscribers other than this connection, as
   * {@link Topics#publish(String, CharSequence)} does.
   *
   * @throws UnsupportedOperationException on a client connection
   */
  default CompletableFuture<PublishResult> publish(String topic, CharSequence text) {
    throw new UnsupportedOperationException("topics live on a server");
  }

  /**
   * Publishes a binary message to {@code topic}'s subscribers other than this connection, as
   * {@link Topics#publish(String, ByteBuffer)} does.
   *
   * @throws UnsupportedOperationException on a client connection
   */
  default CompletableFuture<PublishResult> publish(String topic, ByteBuffer data) {
    throw new UnsupportedOperationException("topics live on a server");
  }

  // ------------------------------------------------------------------ receiving

  /** Registers a listener; the returned handle unregisters it. */
  Registration addListener(WebSocketListener listener);

  /**
   * The next whole message not yet taken, whether it arrived before this call or arrives after:
   * a connection keeps the messages no one has taken yet in a bounded inbox, from its open for a
   * client connection with no listener, else from the first call of this method or {@link
   * #receive} (on a server, call it in {@code onOpen} to miss nothing). While the inbox
   * holds 1,024 messages or 4 MiB, the connection stops reading until some are taken. Listeners
   * get every message too. The future completes on the connection's loop (or the handler
   * executor), at once for a message already waiting; it fails with {@link
   * java.nio.channels.ClosedChannelException} once the connection has closed and no message is
   * left.
   *
   * <pre>{@code
   * ws.sendText("hi");
   * Message reply = ws.nextMessage().join(); // even if the reply came before this line ran
   * }</pre>
   */
  CompletableFuture<Message> nextMessage();

  /**
   * Waits for the next message as {@link #nextMessage} gives it, at most {@code timeout}: a plain
   * blocking call, natural on a virtual thread. A call that times out or is interrupted takes no
   * message.
   *
   * @throws java.util.concurrent.TimeoutException if none came in time
   * @throws java.nio.channels.ClosedChannelException if the connection closed with none left
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  Message receive(java.time.Duration timeout)
      throws java.util.concurrent.TimeoutException, java.io.IOException, InterruptedException;

  /**
   * Receives data frame by frame instead of whole messages, from the next message on (null to go
   * back to whole messages). See {@link FrameListener}.
   */
  void setFrameListener(FrameListener listener);

  /** Stops reading from the socket (TCP flow control pushes back on the peer). */
  void pauseReading();

  /** Resumes reading after {@link #pauseReading()}. */
  void resumeReading();

  // ------------------------------------------------------------------ closing

  /**
   * Starts the closing handshake: messages already accepted are sent first, then the close frame.
   * The peer's answer is awaited for at most the configured close timeout, after which the
   * connection is dropped. Code 1000-1003, 1007-1014 or 3000-4999; the reason is cut at a code
   * point boundary to fit 123 bytes.
   */
  void close(int code, String reason);

  /** Closes with 1000 (normal closure) and no reason. */
  default void close() {
    close(1000, "");
  }

  /** Drops the connection at once, without a closing handshake (the peer sees a reset). */
  void abort();

  /** Half-closes: sends queued bytes, then shuts down the output side of the socket. */
  void shutdownOutput();

  /** Half-closes: stops reading and shuts down the input side of the socket. */
  void shutdownInput();

  /** A future completed with how the connection ended. */
  CompletableFuture<CloseEvent> closeFuture();

  /** How the connection ended, or null while it is not CLOSED. */
  CloseEvent closeEvent();

  // ------------------------------------------------------------------ state

  /** CONNECTING, OPEN, CLOSING or CLOSED. */
  ReadyState state();

  /** Whether the state is OPEN. */
  default boolean isOpen() {
    return state() == ReadyState.OPEN;
  }

  /** The negotiated subprotocol, or null if none. */
  String subprotocol();

  /**
   * The negotiated extensions as written in the handshake's {@code Sec-WebSocket-Extensions}
   * response, e.g. {@code "permessage-deflate; client_max_window_bits=12"}; empty when none.
   */
  String extensions();

  /** Whether messages on this connection may be compressed (permessage-deflate, RFC 7692). */
  default boolean isCompressed() {
    return !extensions().isEmpty();
  }

  /** The peer's address (IPv4 or IPv6). */
  InetSocketAddress remoteAddress();

  /** This side's address. */
  InetSocketAddress localAddress();

  /**
   * The opening handshake request (on the server side: what the client sent; on the client side:
   * what was sent). The connection keeps the request compactly; each call returns a new view,
   * which parses it on its first read: keep the view to read several parts of it.
   */
  HandshakeRequest request();

  /** The handshake response headers (server side: those sent; client side: those received). */
  Map<String, List<String>> responseHeaders();

  /** Whether this is the client side of the connection. */
  boolean isClient();

  /** Per-connection user data: the value stored under {@code key}, or null. */
  <T> T attribute(String key);

  /** Stores per-connection user data; a null value removes the key. */
  void setAttribute(String key, Object value);

  /** The attachment given when the handshake was accepted, or null. */
  <T> T attachment();

  /** Switches TCP_NODELAY (on by default: WebSocket messages are latency-sensitive). */
  void setTcpNoDelay(boolean on);

  /**
   * The server this connection belongs to, so a listener can publish or broadcast without
   * keeping a reference of its own; empty on a client connection.
   *
   * <pre>{@code
   * public void onText(WebSocket ws, String text) {
   *   ws.server().ifPresent(s -> s.broadcast(text));
   * }
   * }</pre>
   */
  default java.util.Optional<WebSocketServer> server() {
    return java.util.Optional.empty();
  }
}
