package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpResponseHead;
import java.util.Objects;

/**
 * Immutable. A client rejects the server's answer to its opening handshake (RFC 6455 §4.1: "the
 * client MUST _Fail the WebSocket Connection_"). The {@link Kind} says which rule failed.
 *
 * <p>No stack trace is captured: it is thrown for peer input.
 */
public final class HandshakeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which check of {@link ClientHandshake#check} failed. */
  public enum Kind {
    /** The status is not 101; see {@link #status()} and, if read, {@link #body()}. */
    UNEXPECTED_STATUS,
    /** {@code Upgrade} does not list {@code websocket}. */
    MISSING_UPGRADE,
    /** {@code Connection} does not list {@code upgrade}. */
    MISSING_CONNECTION_UPGRADE,
    /** {@code Sec-WebSocket-Accept} is missing, repeated or not the expected value. */
    BAD_ACCEPT_KEY,
    /** {@code Sec-WebSocket-Protocol} names a subprotocol not offered, or more than one. */
    UNEXPECTED_SUBPROTOCOL,
    /** {@code Sec-WebSocket-Extensions} names an extension not offered. */
    UNEXPECTED_EXTENSION,
    /** {@code Sec-WebSocket-Extensions} or {@code Sec-WebSocket-Protocol} does not parse. */
    MALFORMED_HEADER
  }

  /** What was wrong. */
  private final Kind kind;
  private final transient HttpResponseHead response;
  /** The response body read after the head, or null. */
  private final byte[] body;

  /** A failure of {@code kind} on {@code response}, explained by {@code message}. */
  public HandshakeFailure(Kind kind, String message, HttpResponseHead response) {
    this(kind, message, response, null);
  }

  private HandshakeFailure(Kind kind, String message, HttpResponseHead response, byte[] body) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.response = Objects.requireNonNull(response, "response");
    this.body = body;
  }

  /** Which rule failed. */
  public Kind kind() {
    return kind;
  }

  /** The response status; the interesting part of an {@link Kind#UNEXPECTED_STATUS} failure. */
  public int status() {
    return response.status();
  }

  /** The response head that failed. */
  public HttpResponseHead response() {
    return response;
  }

  /**
   * The response body the layer above read after the head (for an error page), or {@code null}
   * when none was attached. A copy; the caller may keep it.
   */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /** This failure with {@code body} attached (copied), for reporting what the server said. */
  public HandshakeFailure withBody(byte[] body) {
    return new HandshakeFailure(kind, getMessage(), response, body.clone());
  }
}
