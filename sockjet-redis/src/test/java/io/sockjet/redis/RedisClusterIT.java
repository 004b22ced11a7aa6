package io.sockjet.redis;

import static io.sockjet.redis.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import io.sockjet.BrokerUnavailableException;
import io.sockjet.PublishResult;
import io.sockjet.WebSocketListener;
import io.sockjet.testkit.RawPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three Sockjet servers and one Redis: clients on every node subscribe one topic, publishers on
 * several nodes; every message in one order on every node, nothing lost while Redis is up. Then
 * Redis restarts: publishes fail at once while it is down, every subscriber hears that it missed
 * messages, and messages flow again.
 */
@Timeout(120)
class RedisClusterIT {
  static final String TOPIC = "news";
  static final int EACH = 300;

  @Test
  void threeNodesOneOrderNoLossThenAGapAcrossARestart() throws Exception {
    try (RedisServer redis = RedisServer.start();
        ClusterNode a = new ClusterNode(redis, TOPIC);
        ClusterNode b = new ClusterNode(redis, TOPIC);
        ClusterNode c = new ClusterNode(redis, TOPIC)) {
      List<ClusterNode> nodes = List.of(a, b, c);
      List<RawPeer> clients = new ArrayList<>();
      for (ClusterNode n : nodes) {
        for (int i = 0; i < 2; i++) {
          clients.add(n.connect());
          n.lastOpened();
        }
        n.awaitReady();
      }

      // Publishers on two nodes at once, each in its own order.
      CompletableFuture<?> fromA = CompletableFuture.runAsync(() -> publishAll(a, "a"));
      CompletableFuture<?> fromB = CompletableFuture.runAsync(() -> publishAll(b, "b"));
      CompletableFuture.allOf(fromA, fromB).get(60, TimeUnit.SECONDS);
      List<String> first = null;
      for (RawPeer client : clients) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2 * EACH; i++) {
          seen.add(client.readMessage().text());
        }
        assertThat(seen.stream().filter(m -> m.startsWith("a")).toList())
            .as("A's messages whole and in A's order").isEqualTo(numbered("a"));
        assertThat(seen.stream().filter(m -> m.startsWith("b")).toList())
            .as("B's messages whole and in B's order").isEqualTo(numbered("b"));
        if (first == null) {
          first = seen;
        }
        assertThat(seen).as("one order on every node").isEqualTo(first);
      }
      for (ClusterNode n : nodes) {
        assertThat(n.missed).as("nothing missed while Redis is up").isEmpty();
      }

      redis.stop();
      for (ClusterNode n : nodes) {
        await(() -> n.broker.state() == BrokerState.DOWN, Duration.ofSeconds(20), "down");
      }
      long start = System.nanoTime();
      CompletableFuture<PublishResult> lost = c.server.topics().publish(TOPIC, "during");
      assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(BrokerUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed fast")
          .isLessThan(Duration.ofSeconds(1));

      redis.startAgain();
      for (ClusterNode n : nodes) {
        n.awaitReady();
        // The state changes before its listener hears of it: wait for the listener.
        await(() -> n.broker.states.size() == 3, Duration.ofSeconds(10), "the listener hears UP");
        assertThat(n.broker.states).containsExactly(BrokerState.UP, BrokerState.DOWN,
            BrokerState.UP);
        for (int i = 0; i < 2; i++) {
          assertThat(n.missed.poll(10, TimeUnit.SECONDS)).as("each subscriber told of the gap")
              .isEqualTo(TOPIC + ":" + WebSocketListener.UNKNOWN_COUNT);
        }
      }
      c.server.topics().publish(TOPIC, "after").get(10, TimeUnit.SECONDS);
      for (RawPeer client : clients) {
        assertThat(client.readMessage().text()).isEqualTo("after");
      }
    }
  }

  private static List<String> numbered(String publisher) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      out.add(publisher + i);
    }
    return out;
  }

  /** Publishes EACH messages from one thread, so that they go to Redis in this order. */
  private static void publishAll(ClusterNode node, String name) {
    List<CompletableFuture<PublishResult>> all = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      all.add(node.server.topics().publish(TOPIC, name + i));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }
}
