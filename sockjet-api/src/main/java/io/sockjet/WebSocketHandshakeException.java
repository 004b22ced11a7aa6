package io.sockjet;

import io.sockjet.protocol.handshake.HandshakeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable. A client's opening handshake failed after the server (or the proxy) answered: a
 * status other than 101, or a 101 that breaks a rule of RFC 6455 §4.1. The {@link Kind} says which;
 * for a refusal, {@link #status()} and {@link #body()} say what the server answered.
 */
public final class WebSocketHandshakeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Kind {
    /** The server answered with a status other than 101; see {@link #status()}, {@link #body()}. */
    UNEXPECTED_STATUS,
    /** {@code Upgrade} does not list {@code websocket}. */
    MISSING_UPGRADE,
    /** {@code Connection} does not list {@code upgrade}. */
    MISSING_CONNECTION_UPGRADE,
    /** {@code Sec-WebSocket-Accept} is missing, repeated or wrong. */
    BAD_ACCEPT_KEY,
    /** The server chose a subprotocol the client did not offer (or several). */
    UNEXPECTED_SUBPROTOCOL,
    /** The server accepted an extension the client did not offer. */
    UNEXPECTED_EXTENSION,
    /**
     * The server accepted an offered extension with parameters the client cannot honour (RFC
     * 7692 §7.1: the client must then fail the connection).
     */
    UNACCEPTABLE_EXTENSION,
    /** {@code Sec-WebSocket-Protocol} or {@code Sec-WebSocket-Extensions} does not parse. */
    MALFORMED_HEADER,
    /** The response is not HTTP/1.x, or its head is malformed or too large. */
    MALFORMED_RESPONSE,
    /** The HTTP proxy refused the CONNECT (407 for missing or wrong credentials). */
    PROXY_REFUSED
  }

  private final Kind kind;
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  WebSocketHandshakeException(Kind kind, String message, int status,
      Map<String, List<String>> headers, byte[] body) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.headers = headers == null ? Map.of() : headers;
    this.body = body == null ? new byte[0] : body;
  }

  /** The exception for a failure the protocol's handshake check found, with what body was read. */
  static WebSocketHandshakeException of(HandshakeFailure failure, byte[] body) {
    // A switch, not valueOf: a kind added to the protocol must be mapped here (compile error).
    Kind kind = switch (failure.kind()) {
      case UNEXPECTED_STATUS -> Kind.UNEXPECTED_STATUS;
      case MISSING_UPGRADE -> Kind.MISSING_UPGRADE;
      case MISSING_CONNECTION_UPGRADE -> Kind.MISSING_CONNECTION_UPGRADE;
      case BAD_ACCEPT_KEY -> Kind.BAD_ACCEPT_KEY;
      case UNEXPECTED_SUBPROTOCOL -> Kind.UNEXPECTED_SUBPROTOCOL;
      case UNEXPECTED_EXTENSION -> Kind.UNEXPECTED_EXTENSION;
      case MALFORMED_HEADER -> Kind.MALFORMED_HEADER;
    };
    return new WebSocketHandshakeException(kind, failure.getMessage(),
        failure.status(), HandshakeRequest.asMap(failure.response().headers()), body);
  }

  /** Which check failed. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP status answered, or -1 if no status line could be read. */
  public int status() {
    return status;
  }

  /** The response's headers (names as sent, values in order); empty if none were read. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The response body read after the head of a refusal (up to the client's limit, 64 KiB by
   * default), empty if none. A copy.
   */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
