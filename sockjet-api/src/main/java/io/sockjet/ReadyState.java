package io.sockjet;

/** Where a {@link WebSocket} is in its life (the browser API's readyState). */
public enum ReadyState {
  /** The opening handshake is under way. */
  CONNECTING,
  /** Messages flow both ways. */
  OPEN,
  /** A close frame was sent or received; the closing handshake is under way. */
  CLOSING,
  /** The connection is over; {@link WebSocket#closeEvent()} says how it ended. */
  CLOSED
}
