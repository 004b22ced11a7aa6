package io.sockjet.protocol.handshake;

/**
 * Immutable. A handshake header field's value does not follow its grammar. A server answers 400;
 * a client fails the connection (RFC 6455 §4.1: "the client MUST _Fail the WebSocket
 * Connection_").
 *
 * <p>No stack trace is captured: it is thrown for peer input.
 */
public final class MalformedHeaderException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The name of the header whose value is malformed. */
  private final String headerName;

  /** The value of {@code headerName} is malformed as {@code message} says. */
  public MalformedHeaderException(String headerName, String message) {
    super(headerName + ": " + message, null, false, false);
    this.headerName = headerName;
  }

  /** The field whose value is malformed. */
  public String headerName() {
    return headerName;
  }
}
