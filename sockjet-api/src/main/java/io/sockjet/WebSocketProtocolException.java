package io.sockjet;

import java.io.IOException;

/**
 * The peer broke the WebSocket protocol; the connection was failed with {@link #closeCode()}
 * (1002 protocol error, 1007 invalid payload, 1009 message too big). Reported to {@link
 * WebSocketListener#onError} before the connection closes.
 */
public final class WebSocketProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int closeCode;
  private final String kind;

  /** An exception for a violation of the given kind (a {@code Violation} name) and close code. */
  public WebSocketProtocolException(String kind, int closeCode, String message) {
    super(message);
    this.kind = kind;
    this.closeCode = closeCode;
  }

  /** The close code the connection was failed with. */
  public int closeCode() {
    return closeCode;
  }

  /** What was wrong, as a constant name such as {@code UNMASKED_FRAME} or {@code INVALID_UTF8}. */
  public String kind() {
    return kind;
  }
}
