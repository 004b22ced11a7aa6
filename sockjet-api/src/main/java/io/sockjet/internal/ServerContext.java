package io.sockjet.internal;

import java.util.function.Consumer;

/**
 * What a server hands each {@link UpgradeHandler}: everything its connections share, built once
 * by the server, so the HTTP phase never calls back into the server's own (public) class.
 * Immutable; shared by every handshake of one server.
 *
 * @param handshakeSettings the limits, hooks, subprotocols and origins of the HTTP phase
 * @param counters the server's running totals
 * @param compression the server's permessage-deflate; null when off
 * @param owner the server's own owner: the memory budget that incomplete heads draw on
 * @param endpoints what serves each path: hook, listeners, and the owner its connections take
 *     their settings from
 * @param requestLines where connections share what their kept handshake requests have in common
 * @param onOpened told of each connection as it opens (before its first event)
 */
public record ServerContext(HandshakeSettings handshakeSettings, Counters counters,
    ServerCompression compression, WebSocketConnection.Owner owner,
    Endpoints endpoints, LineCache requestLines,
    Consumer<WebSocketConnection> onOpened) {

  /** Tells the server that {@code ws} is open. */
  void opened(WebSocketConnection ws) {
    onOpened.accept(ws);
  }
}
