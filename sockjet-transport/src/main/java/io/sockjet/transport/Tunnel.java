package io.sockjet.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Called on the connecting {@link EventLoop} only, for one connection attempt: an exchange run on
 * the raw TCP connection after it connects and before the {@link Channel} starts (so before TLS),
 * such as an HTTP CONNECT through a proxy (RFC 9110 §9.3.6). The transport moves the bytes; the
 * layer above knows what they mean.
 */
public interface Tunnel {
  /** The bytes to send as soon as TCP is connected. Called once. */
  ByteBuffer request();

  /**
   * Bytes from the peer, as they arrive. Consume the ones that belong to the exchange.
   *
   * @return true once the tunnel is established: bytes still remaining in {@code data} are the
   *     first bytes of the channel (handed to TLS, or to the handler). False to read more.
   * @throws IOException to fail the connection attempt with it
   */
  boolean onResponse(ByteBuffer data) throws IOException;

  /** The host the TLS engine verifies and names in SNI: the target behind the tunnel. */
  String targetHost();

  /** The target's port, for the TLS engine's session cache. */
  int targetPort();
}
