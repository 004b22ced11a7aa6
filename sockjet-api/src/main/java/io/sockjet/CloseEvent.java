package io.sockjet;

/**
 * How a connection ended (RFC 6455 §7.1.5-§7.1.6).
 *
 * @param code the close code: the code of the peer's close frame, 1005 if it had none, 1006 if the
 *     connection ended without one, or the code this side failed the connection with (1002, 1007,
 *     1009, 1011, ...)
 * @param reason the reason that came with the code, "" if none
 * @param clean whether both close frames were exchanged before the transport closed
 * @param remote whether the peer started the closing (as opposed to this side or a failure it found)
 */
public record CloseEvent(int code, String reason, boolean clean, boolean remote) {
  /** Reason is never null. */
  public CloseEvent {
    reason = reason == null ? "" : reason;
  }
}
