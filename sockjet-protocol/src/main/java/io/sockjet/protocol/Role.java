package io.sockjet.protocol;

/**
 * Which end of a connection this side is. The role decides masking (RFC 6455 §5.1: a client
 * masks every frame it sends, a server masks none) and who closes TCP first (§7.1.1: the server).
 */
public enum Role {
  /** The side that sent the opening handshake request. */
  CLIENT,
  /** The side that answered the opening handshake. */
  SERVER;

  /** The role of the peer. */
  public Role peer() {
    return this == CLIENT ? SERVER : CLIENT;
  }
}
