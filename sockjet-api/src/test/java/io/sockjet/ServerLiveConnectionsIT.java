package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's set of live connections, after many opens and closes over two loops: metrics count
 * it, broadcast reaches every member and no one else, shutdown closes every member.
 */
@Timeout(60)
class ServerLiveConnectionsIT {
  static final int PEERS = 60;

  final EventRecorder events = new EventRecorder();
  WebSocketServer server;
  final List<RawPeer> peers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (RawPeer p : peers) {
      p.close();
    }
    EventRecorder.stop(server);
  }

  private static void awaitLive(WebSocketServer server, int n) throws InterruptedException {
    for (int i = 0; i < 1000 && server.metrics().openConnections() != n; i++) {
      Thread.sleep(10);
    }
    assertThat(server.metrics().openConnections()).isEqualTo(n);
    assertThat(server.connections()).hasSize(n);
  }

  @Test
  void broadcastAndShutdownReachEveryLiveConnectionAfterOthersLeft() throws Exception {
    server = EventRecorder.server(events).start();
    for (int i = 0; i < PEERS; i++) {
      peers.add(RawPeer.open(server.port()));
      events.awaitOpen();
    }
    awaitLive(server, PEERS);

    // Every third peer leaves, by closing handshake or by dropping the socket, so members are
    // removed from the middle, the ends and both loops.
    List<RawPeer> staying = new ArrayList<>();
    int left = 0;
    for (int i = 0; i < PEERS; i++) {
      RawPeer p = peers.get(i);
      if (i % 3 != 1) {
        staying.add(p);
      } else if (left++ % 2 == 0) {
        p.sendClose(1000, "bye");
        p.readClose();
      } else {
        p.close();
      }
    }
    for (int i = 0; i < PEERS - staying.size(); i++) {
      events.awaitClose();
    }
    awaitLive(server, staying.size());

    assertThat(server.broadcast("to those still here")).isEqualTo(staying.size());
    for (RawPeer p : staying) {
      assertThat(p.readMessage().text()).isEqualTo("to those still here");
    }

    CompletableFuture<Void> done = server.shutdown(Duration.ofSeconds(5));
    for (RawPeer p : staying) {
      assertThat(p.readClose().closeCode()).isEqualTo(1001);
      p.sendClose(1001, "");
    }
    done.get(20, TimeUnit.SECONDS);
    for (int i = 0; i < staying.size(); i++) {
      assertThat(events.awaitClose().code()).isEqualTo(1001);
    }
    assertThat(server.connections()).isEmpty();
  }
}
