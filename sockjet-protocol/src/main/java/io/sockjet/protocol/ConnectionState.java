package io.sockjet.protocol;

/**
 * Where a {@link Connection} is in its life after the opening handshake (RFC 6455 §4-§7).
 * The API layer adds a CONNECTING state before the handshake completes.
 */
public enum ConnectionState {
  /** Both sides may send data (RFC 6455 §4.1: "the WebSocket Connection is established"). */
  OPEN,
  /** One close frame has been sent or received; the close handshake is under way (§7.1.3). */
  CLOSING,
  /** Both close frames were exchanged, or the connection failed or lost its transport (§7.1.4). */
  CLOSED
}
