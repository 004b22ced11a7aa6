package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topics at scale over real sockets: 100,000 topics of one subscriber, and one topic with as many
 * subscribers as one process may hold here both ends of (the descriptor limit is 20,000; the shard
 * itself is tested with 100,000 in TopicShardTest).
 */
@Timeout(300)
class TopicsScaleIT {
  final List<RawPeer> peers = new ArrayList<>();
  final List<WebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
  WebSocketServer server;

  @AfterEach
  void stop() throws IOException {
    for (RawPeer p : peers) {
      p.close();
    }
    EventRecorder.stop(server);
  }

  private void connect(int n) throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").eventLoops(2)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            sockets.add(ws);
          }
        }).start();
    for (int i = 0; i < n; i++) {
      peers.add(RawPeer.open(server.port()));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sockets.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(sockets).hasSize(n);
  }

  @Test
  void aHundredThousandTopicsOfOneSubscriberEach() throws Exception {
    connect(1_000);
    for (int c = 0; c < 1_000; c++) {
      for (int t = 0; t < 100; t++) {
        assertThat(sockets.get(c).subscribe("t" + c + "." + t)).isTrue();
      }
    }
    assertThat(server.topics().names()).hasSize(100_000);
    assertThat(server.topics().subscriptions()).isEqualTo(100_000);
    // One publish reaches its one subscriber and no one else.
    int c = 617;
    WebSocket target = sockets.get(c);
    RawPeer peer = peers.stream()
        .filter(p -> p.socket.getLocalPort() == target.remoteAddress().getPort())
        .findFirst().orElseThrow();
    for (int t = 0; t < 100; t += 33) {
      assertThat(server.topics().publish("t" + c + "." + t, "to " + t).get(10, TimeUnit.SECONDS))
          .isEqualTo(new PublishResult(1, 0, 0));
      assertThat(peer.readMessage().text()).isEqualTo("to " + t);
    }
    // Every connection closes: every topic empties and is freed.
    for (WebSocket ws : sockets) {
      ws.close(1000, "");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!server.topics().names().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.topics().names()).isEmpty();
    assertThat(server.topics().subscriptions()).isZero();
  }

  @Test
  void fourThousandSubscribersOfOneTopicEachGetEveryMessage() throws Exception {
    int n = 4_000;
    connect(n);
    for (WebSocket ws : sockets) {
      ws.subscribe("crowd");
    }
    for (int i = 0; i < 5; i++) {
      assertThat(server.topics().publish("crowd", "news " + i).get(30, TimeUnit.SECONDS))
          .isEqualTo(new PublishResult(n, 0, 0));
    }
    for (RawPeer p : peers) {
      for (int i = 0; i < 5; i++) {
        assertThat(p.readMessage().text()).isEqualTo("news " + i);
      }
    }
    assertThat(server.topics().metrics("crowd").orElseThrow().delivered()).isEqualTo(5L * n);
  }
}
