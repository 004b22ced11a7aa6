package io.sockjet.internal;

import io.sockjet.WebSocketServer;
import io.sockjet.protocol.MemoryBudget;

/**
 * What a server's connections (of one route, or of the server's own endpoint) share and report
 * their closing to: the server's live set, counters, memory budget and topics, the route's
 * settings, and the server itself, which a listener reaches through {@code WebSocket.server()}.
 */
public record ServerOwner(LiveConnections<WebSocketConnection> connections, Counters counters,
    ConnectionSettings settings, MemoryBudget budget, TopicRegistry topics, WebSocketServer server)
    implements WebSocketConnection.Owner {

  @Override
  public void closed(WebSocketConnection connection) {
    connections.remove(connection);
  }
}
