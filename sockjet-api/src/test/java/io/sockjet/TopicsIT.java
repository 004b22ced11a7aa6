package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.RawPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topics: subscribe, publish, leave; one order per topic; what a publish reports. */
@Timeout(120)
class TopicsIT {
  final EventRecorder events = new EventRecorder();
  final List<RawPeer> peers = new ArrayList<>();
  WebSocketServer server;

  @AfterEach
  void stop() throws Exception {
    for (RawPeer p : peers) {
      p.close();
    }
    EventRecorder.stop(server);
  }

  /** A raw client and its server side. */
  record Pair(RawPeer peer, WebSocket ws) {}

  private Pair connect() throws Exception {
    RawPeer peer = RawPeer.open(server.port());
    peers.add(peer);
    return new Pair(peer, events.awaitOpen());
  }

  @Test
  void subscribersGetWhatIsPublishedAndOthersDoNot() throws Exception {
    server = EventRecorder.server(events).start();
    Pair a = connect();
    Pair b = connect();
    Pair outsider = connect();
    assertThat(a.ws().subscribe("room")).isTrue();
    assertThat(a.ws().subscribe("room")).as("a second subscribe is a no-op").isFalse();
    assertThat(b.ws().subscribe("room")).isTrue();
    assertThat(a.ws().subscribe("other")).isTrue();
    assertThat(a.ws().subscriptions()).isEqualTo(Set.of("room", "other"));
    assertThat(server.topics().subscribers("room")).isEqualTo(2);
    assertThat(server.topics().names()).containsExactlyInAnyOrder("room", "other");
    assertThat(server.topics().subscriptions()).isEqualTo(3);

    PublishResult text = server.topics().publish("room", "hello room").get(10, TimeUnit.SECONDS);
    assertThat(text).isEqualTo(new PublishResult(2, 0, 0));
    ByteBuffer blob = ByteBuffer.wrap(new byte[] {1, 2, 3});
    assertThat(server.topics().publish("room", blob).get(10, TimeUnit.SECONDS).delivered())
        .isEqualTo(2);
    assertThat(blob.remaining()).as("the caller's buffer is not consumed").isEqualTo(3);
    for (Pair p : List.of(a, b)) {
      assertThat(p.peer().readMessage().text()).isEqualTo("hello room");
      assertThat(p.peer().readMessage().payload()).containsExactly(1, 2, 3);
    }
    assertThat(server.topics().publish("nobody", "x").get()).isEqualTo(PublishResult.NONE);

    // ws.publish skips the sender; the outsider hears nothing of any of it.
    assertThat(b.ws().publish("room", "from b").get(10, TimeUnit.SECONDS).delivered()).isEqualTo(1);
    assertThat(a.peer().readMessage().text()).isEqualTo("from b");
    server.broadcast("the end");
    assertThat(b.peer().readMessage().text()).as("b did not get its own").isEqualTo("the end");
    assertThat(outsider.peer().readMessage().text()).isEqualTo("the end");

    TopicMetrics m = server.topics().metrics("room").orElseThrow();
    assertThat(m).isEqualTo(new TopicMetrics("room", 2, 3, 5, 0, 0));
  }

  @Test
  void leavingAndClosingEmptyTheTopicsAndFreeThem() throws Exception {
    server = EventRecorder.server(events).start();
    Pair a = connect();
    Pair b = connect();
    a.ws().subscribe("t");
    b.ws().subscribe("t");
    b.ws().subscribe("u");
    assertThat(a.ws().unsubscribe("t")).isTrue();
    assertThat(a.ws().unsubscribe("t")).isFalse();
    assertThat(server.topics().publish("t", "only b").get(10, TimeUnit.SECONDS).delivered())
        .isEqualTo(1);
    assertThat(b.peer().readMessage().text()).isEqualTo("only b");

    b.peer().sendClose(1000, "");
    assertThat(events.awaitClose().code()).isEqualTo(1000);
    // b's close took it out of both topics, which emptied and were freed.
    assertThat(b.ws().subscriptions()).isEmpty();
    assertThat(server.topics().names()).isEmpty();
    assertThat(server.topics().metrics("t")).isEmpty();
    assertThat(server.topics().subscriptions()).isZero();
    assertThat(b.ws().subscribe("t")).as("a closed connection subscribes no more").isFalse();
    assertThat(server.topics().names()).as("and leaves no empty topic behind").isEmpty();

    // A topic made again starts afresh.
    assertThat(a.ws().subscribe("t")).isTrue();
    assertThat(server.topics().metrics("t").orElseThrow().published()).isZero();
  }

  @Test
  void aTopicWithManySubscribersOnEveryLoopGetsOneMessageEach() throws Exception {
    server = EventRecorder.server(events).eventLoops(4).start();
    int n = 200;
    for (int i = 0; i < n; i++) {
      connect().ws().subscribe("all");
    }
    PublishResult r = server.topics().publish("all", "to all").get(10, TimeUnit.SECONDS);
    assertThat(r).isEqualTo(new PublishResult(n, 0, 0));
    for (RawPeer p : peers) {
      assertThat(p.readMessage().text()).isEqualTo("to all");
    }
  }

  @Test
  void everySubscriberSeesOneOrderWhateverThreadsPublish() throws Exception {
    server = EventRecorder.server(events).eventLoops(4).start();
    int subscribers = 12;
    for (int i = 0; i < subscribers; i++) {
      connect().ws().subscribe("feed");
    }
    // Publishers on plain threads and on the server's loops (a listener publishing), at once.
    int publishers = 4;
    int each = 300;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      int id = p;
      Runnable publishAll = () -> {
        for (int i = 0; i < each; i++) {
          server.topics().publish("feed", id + ":" + i);
        }
      };
      done.add(pool.submit(() -> {
        go.await();
        if (id % 2 == 0) {
          publishAll.run();
        } else {
          CompletableFuture.runAsync(publishAll, server.loopExecutor()).join();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<String> first = null;
    for (RawPeer peer : peers) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < publishers * each; i++) {
        seen.add(peer.readMessage().text());
      }
      if (first == null) {
        first = seen;
        // Each publisher's messages in the order it published them.
        int[] next = new int[publishers];
        for (String m : seen) {
          int id = Integer.parseInt(m.substring(0, m.indexOf(':')));
          assertThat(m).isEqualTo(id + ":" + next[id]++);
        }
      }
      assertThat(seen).as("one order for every subscriber").isEqualTo(first);
    }
  }

  @Test
  void unsubscribesAndClosesDuringPublishesLoseNothingForTheOthers() throws Exception {
    server = EventRecorder.server(events).eventLoops(3).start();
    List<Pair> stayers = new ArrayList<>();
    List<Pair> leavers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Pair p = connect();
      p.ws().subscribe("busy");
      (i % 2 == 0 ? stayers : leavers).add(p);
    }
    int messages = 2000;
    CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < messages; i++) {
        server.topics().publish("busy", "m" + i);
      }
    });
    for (int i = 0; i < leavers.size(); i++) {
      Pair p = leavers.get(i);
      if (i % 2 == 0) {
        p.ws().unsubscribe("busy");
      } else {
        p.peer().close(); // gone mid-publish: the server hears the end and drops it from the topic
      }
    }
    publishing.get(60, TimeUnit.SECONDS);
    for (Pair p : stayers) {
      for (int i = 0; i < messages; i++) {
        assertThat(p.peer().readMessage().text()).isEqualTo("m" + i);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.topics().subscribers("busy") != stayers.size() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.topics().subscribers("busy")).isEqualTo(stayers.size());
    for (int i = 1; i < leavers.size(); i += 2) {
      events.awaitClose();
    }
    events.discard(); // the closed peers' resets may come as errors
  }

  @Test
  void badNamesAndOversizedMessagesAreRefused() throws Exception {
    server = EventRecorder.server(events).maxOutgoingMessageSize(1024).start();
    Pair a = connect();
    assertThatThrownBy(() -> a.ws().subscribe("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.topics().publish("t", "x".repeat(2000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outgoing limit");
  }

  @Test
  void aClientConnectionHasNoTopics() throws Exception {
    server = EventRecorder.server(events).start();
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      WebSocket ws = client.connect(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/"))
          .get(10, TimeUnit.SECONDS);
      events.awaitOpen();
      assertThatThrownBy(() -> ws.subscribe("t")).isInstanceOf(UnsupportedOperationException.class);
      assertThat(ws.subscriptions()).isEmpty();
    }
  }
}
