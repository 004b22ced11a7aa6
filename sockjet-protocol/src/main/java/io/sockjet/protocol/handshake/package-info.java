/**
 * The RFC 6455 §4 opening handshake for both roles: request checks, accept key, subprotocols,
 * extension offers.
 *
 * <p>Server: parse the head, then {@link io.sockjet.protocol.handshake.ServerHandshake#check}
 * yields an {@link io.sockjet.protocol.handshake.UpgradeRequest} (answer with its
 * {@code acceptResponse}) or a {@link io.sockjet.protocol.handshake.HandshakeRejection} (answer
 * with its {@code toResponseBytes}, or serve a plain HTTP request when it
 * {@code isNotWebSocket}). Client: send {@link io.sockjet.protocol.handshake.ClientHandshake#request},
 * parse the response head, then {@code check} it. Extension parameters are only parsed here;
 * the extension itself decides whether it accepts them.
 */
package io.sockjet.protocol.handshake;
