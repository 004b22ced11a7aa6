package io.sockjet.protocol.http;

/**
 * Immutable. The bytes received are not an acceptable HTTP/1.1 head. Carries the status a server
 * answers with: 400 (malformed), 431 (too large) or 505 (HTTP major version not 1). For a
 * response head parsed by a client the status only classifies the fault.
 *
 * <p>No stack trace is captured: it is thrown for peer input, and a flood of bad peers must not
 * cost a stack walk each.
 */
public final class HttpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Malformed syntax (RFC 9112 §3, §5). */
  public static final int BAD_REQUEST = 400;
  /** The head is larger than its {@link HeadLimits} (RFC 6585 §5). */
  public static final int HEADER_FIELDS_TOO_LARGE = 431;
  /** The HTTP major version is not 1 (RFC 9110 §15.6.6). */
  public static final int VERSION_NOT_SUPPORTED = 505;

  /** The HTTP status to answer with. */
  private final int status;

  /** A parse failure to be answered with {@code status}; the message says what was wrong. */
  public HttpParseException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400, 431 or 505. */
  public int status() {
    return status;
  }
}
