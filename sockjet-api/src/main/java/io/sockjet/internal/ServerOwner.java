package io.sockjet.internal;

import io.sockjet.protocol.MemoryBudget;

/**
 * What a server's connections share and report their closing to: its live set, counters,
 * settings, memory budget and topics.
 */
public record ServerOwner(LiveConnections<WebSocketConnection> connections, Counters counters,
    ConnectionSettings settings, MemoryBudget budget, TopicRegistry topics)
    implements WebSocketConnection.Owner {

  @Override
  public void closed(WebSocketConnection connection) {
    connections.remove(connection);
  }
}
