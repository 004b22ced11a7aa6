package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** broadcast(): one encoding, every open connection, and the counters that follow. */
@Timeout(60)
class ServerBroadcastIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void fiftyClientsReceiveTheSameBroadcastAndMetricsMove() throws Exception {
    server = EventRecorder.server(events).start();
    List<RawPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        peers.add(RawPeer.open(server.port()));
        events.awaitOpen();
      }
      ServerMetrics before = server.metrics();
      assertThat(before.openConnections()).isEqualTo(50);
      assertThat(before.acceptedConnections()).isEqualTo(50);

      assertThat(server.broadcast("to everyone")).isEqualTo(50);
      byte[] blob = {1, 2, 3, 4, 5};
      ByteBuffer data = ByteBuffer.wrap(blob);
      assertThat(server.broadcast(data)).isEqualTo(50);
      assertThat(data.remaining()).as("the caller's buffer is not consumed").isEqualTo(5);
      for (RawPeer p : peers) {
        RawPeer.Frame text = p.readMessage();
        assertThat(text.opcode()).isEqualTo(0x1);
        assertThat(text.text()).isEqualTo("to everyone");
        RawPeer.Frame binary = p.readMessage();
        assertThat(binary.opcode()).isEqualTo(0x2);
        assertThat(binary.payload()).containsExactly(blob);
      }
      peers.get(0).sendText("in");
      events.awaitText();
      ServerMetrics after = server.metrics();
      assertThat(after.messagesOut() - before.messagesOut()).isEqualTo(100);
      assertThat(after.messagesIn() - before.messagesIn()).isEqualTo(1);
      assertThat(after.bytesIn()).isGreaterThan(before.bytesIn());
      // Each peer got "to everyone" (2 + 11 bytes) and the 5-byte blob (2 + 5 bytes).
      assertThat(after.bytesOut() - before.bytesOut()).as("frame bytes count as bytes out")
          .isGreaterThanOrEqualTo(50L * (13 + 7));
    } finally {
      for (RawPeer p : peers) {
        p.close();
      }
    }
  }

  @Test
  void filteredBroadcastReachesOnlyTheChosenConnections() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer a = RawPeer.open(server.port()); RawPeer b = RawPeer.open(server.port())) {
      WebSocket first = events.awaitOpen();
      events.awaitOpen();
      first.setAttribute("room", "x");
      assertThat(server.broadcast("room x only", ws -> "x".equals(ws.attribute("room"))))
          .isEqualTo(1);
      assertThat(server.broadcast("all")).isEqualTo(2);
      RawPeer chosen = first.remoteAddress().getPort() == a.socket.getLocalPort() ? a : b;
      RawPeer other = chosen == a ? b : a;
      assertThat(chosen.readMessage().text()).isEqualTo("room x only");
      assertThat(chosen.readMessage().text()).isEqualTo("all");
      assertThat(other.readMessage().text()).isEqualTo("all");
    }
  }

  @Test
  void broadcastSkipsClosingConnections() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer a = RawPeer.open(server.port()); RawPeer b = RawPeer.open(server.port())) {
      WebSocket first = events.awaitOpen();
      events.awaitOpen();
      first.close(1000, "");
      // close() from off the loop is queued; wait (bounded) until the state shows it.
      for (int i = 0; i < 200 && first.isOpen(); i++) {
        Thread.sleep(10);
      }
      assertThat(server.broadcast("x")).isEqualTo(1);
    }
  }
}
