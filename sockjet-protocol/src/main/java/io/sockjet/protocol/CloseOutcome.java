package io.sockjet.protocol;

/**
 * How a connection ended, as the user sees it (RFC 6455 §7.1.5-§7.1.6).
 *
 * @param code the WebSocket Connection Close Code: the code of the first close frame received,
 *     1005 if that frame had none, 1006 if none was received
 * @param reason the reason of that close frame, "" if none
 * @param clean whether the close handshake completed (both close frames exchanged) before the
 *     transport closed
 * @param remote whether the peer started the closing (its close frame came first, or it dropped
 *     the transport), as opposed to this side (a local close, a protocol failure we detected)
 */
public record CloseOutcome(int code, String reason, boolean clean, boolean remote) {
  /** Reason is never null. */
  public CloseOutcome {
    reason = reason == null ? "" : reason;
  }
}
