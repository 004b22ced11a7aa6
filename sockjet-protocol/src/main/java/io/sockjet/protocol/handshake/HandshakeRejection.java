package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpResponseWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Immutable. A server declines an opening handshake: the status and headers to answer with, and
 * a message saying why. {@link #isNotWebSocket()} tells a plain HTTP request (no
 * {@code Upgrade: websocket}) from a broken upgrade, so the server can hand the former to an
 * HTTP handler instead.
 *
 * <p>No stack trace is captured: it is thrown for peer input.
 */
public final class HandshakeRejection extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status to answer with. */
  private final int status;
  private final transient HttpHeaders headers;
  /** Whether the request was no WebSocket upgrade at all, rather than a bad one. */
  private final boolean notWebSocket;

  /**
   * A rejection answered with {@code status}, {@code headers} and {@code message} as text body.
   *
   * @param notWebSocket whether the request asked for no WebSocket upgrade at all
   */
  public HandshakeRejection(int status, String message, HttpHeaders headers, boolean notWebSocket) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.notWebSocket = notWebSocket;
  }

  static HandshakeRejection badRequest(String message) {
    return new HandshakeRejection(400, message, HttpHeaders.EMPTY, false);
  }

  /** The rejection for a head the parser refused: its status (400, 431, 505) and message. */
  public static HandshakeRejection of(HttpParseException e) {
    return new HandshakeRejection(e.status(), e.getMessage(), HttpHeaders.EMPTY, false);
  }

  /** The status to answer with: 400, 405, 426, 431 or 505. */
  public int status() {
    return status;
  }

  /** Header fields the answer must carry, such as {@code Allow} or {@code Sec-WebSocket-Version}. */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Whether the request is no WebSocket upgrade at all: it lacks {@code Upgrade: websocket}. A
   * server may serve it as plain HTTP; if it does not, the status is 426.
   */
  public boolean isNotWebSocket() {
    return notWebSocket;
  }

  /**
   * The complete response: status line, {@link #headers()}, {@code Connection: close} (the server
   * closes after answering, so the peer must not reuse the connection), a {@code text/plain}
   * body holding the message, and its {@code Content-Length}. When the headers carry
   * {@code Upgrade} the Connection field reads {@code Upgrade, close}, since RFC 9110 §7.8 says
   * "A sender of Upgrade MUST also send an "upgrade" connection option".
   */
  public byte[] toResponseBytes() {
    HttpHeaders all = headers.toBuilder()
        .add("Connection", headers.contains("Upgrade") ? "Upgrade, close" : "close")
        .add("Content-Type", "text/plain; charset=utf-8")
        .build();
    return HttpResponseWriter.write(status, null, all, (getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
