package io.sockjet.internal;

import io.sockjet.WebSocketListener;
import java.util.function.Consumer;

/**
 * What a server hands each {@link UpgradeHandler}: everything its connections share, built once
 * by the server, so the HTTP phase never calls back into the server's own (public) class.
 * Immutable; shared by every handshake of one server.
 *
 * @param handshakeSettings the limits, hooks, subprotocols and origins of the HTTP phase
 * @param counters the server's running totals
 * @param compression the server's permessage-deflate; null when off
 * @param owner what each connection reports its close to, and takes its settings from
 * @param listeners the initial listener array of every connection (shared, so never to be
 *     written into)
 * @param requestLines where connections share what their kept handshake requests have in common
 * @param onOpened told of each connection as it opens (before its first event)
 */
public record ServerContext(HandshakeSettings handshakeSettings, Counters counters,
    ServerCompression compression, WebSocketConnection.Owner owner,
    WebSocketListener[] listeners, LineCache requestLines,
    Consumer<WebSocketConnection> onOpened) {

  /** Tells the server that {@code ws} is open. */
  void opened(WebSocketConnection ws) {
    onOpened.accept(ws);
  }
}
