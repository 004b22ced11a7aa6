package io.sockjet.internal;

import io.sockjet.WebSocketServer;
import io.sockjet.protocol.MemoryBudget;

/**
 * What a server's or a client's connections share and report their closing to: the live set,
 * counters and settings (a server's route's), and on a server its memory budget, its topics and
 * the server itself, which a listener reaches through {@code WebSocket.server()} (null on a
 * client).
 */
public record ConnectionOwner(LiveConnections<WebSocketConnection> connections, Counters counters,
    ConnectionSettings settings, MemoryBudget budget, TopicRegistry topics, WebSocketServer server)
    implements WebSocketConnection.Owner {

  @Override
  public void closed(WebSocketConnection connection) {
    connections.remove(connection);
  }
}
