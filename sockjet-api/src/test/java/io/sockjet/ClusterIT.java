package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.RawPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topics across servers that share a broker (in one JVM: an InProcessBroker bus). */
@Timeout(120)
class ClusterIT {
  final InProcessBroker.Bus bus = new InProcessBroker.Bus();
  final List<WebSocketServer> servers = new ArrayList<>();
  final List<EventRecorder> recorders = new ArrayList<>();
  final List<RawPeer> peers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (RawPeer p : peers) {
      p.close();
    }
    servers.forEach(EventRecorder::stop);
  }

  private WebSocketServer node(Cluster cluster) {
    EventRecorder events = new EventRecorder();
    recorders.add(events);
    WebSocketServer s = EventRecorder.server(events).cluster(cluster).start();
    servers.add(s);
    return s;
  }

  private WebSocketServer node() {
    return node(Cluster.over(bus.node()).linger(Duration.ofMillis(200)));
  }

  private EventRecorder events(WebSocketServer s) {
    return recorders.get(servers.indexOf(s));
  }

  /** A client on {@code s}, subscribed to {@code topic} across the cluster. */
  private record Client(RawPeer peer, WebSocket ws) {}

  private Client subscriber(WebSocketServer s, String topic) throws Exception {
    RawPeer peer = RawPeer.open(s.port());
    peers.add(peer);
    WebSocket ws = events(s).awaitOpen();
    assertThat(ws.subscribe(topic)).isTrue();
    s.topics().ready(topic).get(10, TimeUnit.SECONDS);
    return new Client(peer, ws);
  }

  @Test
  void publishesOnTwoNodesReachEverySubscriberOnEveryNodeInOneOrder() throws Exception {
    WebSocketServer a = node();
    WebSocketServer b = node();
    WebSocketServer c = node();
    List<Client> clients = new ArrayList<>();
    for (WebSocketServer s : List.of(a, b, c)) {
      clients.add(subscriber(s, "room"));
      clients.add(subscriber(s, "room"));
    }
    int each = 300;
    CompletableFuture<?> fromA = CompletableFuture.runAsync(() -> publishAll(a, "a", each));
    CompletableFuture<?> fromB = CompletableFuture.runAsync(() -> publishAll(b, "b", each));
    CompletableFuture.allOf(fromA, fromB).get(30, TimeUnit.SECONDS);
    List<String> first = null;
    for (Client client : clients) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 2 * each; i++) {
        seen.add(client.peer().readMessage().text());
      }
      first = first == null ? seen : first;
      assertThat(seen).as("one order on every node").isEqualTo(first);
    }
    assertThat(first).filteredOn(m -> m.startsWith("a")).isEqualTo(numbered("a", each));
    assertThat(first).filteredOn(m -> m.startsWith("b")).isEqualTo(numbered("b", each));
  }

  private static void publishAll(WebSocketServer s, String name, int count) {
    for (int i = 0; i < count; i++) {
      s.topics().publish("room", name + i).join();
    }
  }

  private static List<String> numbered(String name, int count) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(name + i);
    }
    return all;
  }

  @Test
  void aConnectionsPublishSkipsOnlyItselfAcrossTheCluster() throws Exception {
    WebSocketServer a = node();
    WebSocketServer b = node();
    Client sender = subscriber(a, "chat");
    Client neighbour = subscriber(a, "chat");
    Client remote = subscriber(b, "chat");
    sender.ws().publish("chat", "from the sender").get(10, TimeUnit.SECONDS);
    assertThat(neighbour.peer().readMessage().text()).isEqualTo("from the sender");
    assertThat(remote.peer().readMessage().text()).isEqualTo("from the sender");
    a.topics().publish("chat", "end").get(10, TimeUnit.SECONDS);
    assertThat(sender.peer().readMessage().text()).as("not its own first").isEqualTo("end");
  }

  @Test
  void localFirstDeliversHereAtOnceAndOnceOnly() throws Exception {
    WebSocketServer a = node(Cluster.over(bus.node()).localFirst(true));
    WebSocketServer b = node(Cluster.over(bus.node()).localFirst(true));
    Client local = subscriber(a, "t");
    Client remote = subscriber(b, "t");
    PublishResult r = a.topics().publish("t", "one").get(10, TimeUnit.SECONDS);
    assertThat(r.delivered()).as("counted here: delivered locally first").isEqualTo(1);
    a.topics().publish("t", "two").get(10, TimeUnit.SECONDS);
    assertThat(local.peer().readMessage().text()).isEqualTo("one");
    assertThat(local.peer().readMessage().text()).as("its own echo is dropped").isEqualTo("two");
    assertThat(remote.peer().readMessage().text()).isEqualTo("one");
    assertThat(remote.peer().readMessage().text()).isEqualTo("two");
  }

  @Test
  void anOutageFailsPublishesAndTellsEverySubscriberAfterward() throws Exception {
    WebSocketServer a = node();
    WebSocketServer b = node();
    subscriber(a, "news");
    Client onB = subscriber(b, "news");
    bus.outage();
    awaitBroker(a, BrokerState.DOWN);
    assertThatThrownBy(() -> a.topics().publish("news", "lost").get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BrokerUnavailableException.class);
    bus.restore();
    for (WebSocketServer s : List.of(a, b)) {
      assertThat(events(s).missed.poll(10, TimeUnit.SECONDS))
          .isEqualTo("news:" + WebSocketListener.UNKNOWN_COUNT);
    }
    awaitBroker(a, BrokerState.UP);
    a.topics().publish("news", "back").get(10, TimeUnit.SECONDS);
    assertThat(onB.peer().readMessage().text()).isEqualTo("back");
  }

  private static void awaitBroker(WebSocketServer s, BrokerState state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (s.topics().brokerState().orElseThrow() != state && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(s.topics().brokerState()).contains(state);
  }

  @Test
  void aTopicsChannelStaysThroughTheLingerAndGoesAfterIt() throws Exception {
    WebSocketServer a = node();
    Client c = subscriber(a, "brief");
    assertThat(bus.channels()).contains("sockjet:brief");
    c.ws().unsubscribe("brief");
    assertThat(c.ws().subscribe("brief")).as("back within the linger").isTrue();
    Thread.sleep(400); // two lingers: the channel was kept
    assertThat(bus.channels()).contains("sockjet:brief");
    c.ws().unsubscribe("brief");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bus.channels().contains("sockjet:brief") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(bus.channels()).as("unsubscribed after the linger").doesNotContain("sockjet:brief");
  }

  @Test
  void aStoppedServerLeavesNothingOnTheBroker() throws Exception {
    WebSocketServer a = node();
    subscriber(a, "x");
    subscriber(a, "y");
    assertThat(bus.channels()).contains("sockjet:x", "sockjet:y");
    EventRecorder.stop(a);
    assertThat(bus.channels()).isEmpty();
    events(a).discard();
  }

  /**
   * An envelope as another node would send it, written out here from the format (version 1, kind,
   * origin, sequence, payload) rather than by the code under test.
   */
  private static java.nio.ByteBuffer envelope(long origin, long sequence, String text) {
    byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.nio.ByteBuffer.allocate(18 + payload.length).put((byte) 1).put((byte) 1)
        .putLong(origin).putLong(sequence).put(payload).flip();
  }

  @Test
  void gapsInAnotherNodesSequenceAreToldAndDuplicatesDropped() throws Exception {
    WebSocketServer a = node();
    Client c = subscriber(a, "seq");
    Broker other = bus.node();
    other.start(new BrokerListener() {
      @Override public void onMessage(String channel, java.nio.ByteBuffer message) {}

      @Override public void onStateChange(BrokerState state) {}
    });
    try {
      for (long seq : new long[] {1, 2, 2, 5, 3, 6}) {
        other.publish("sockjet:seq", envelope(99, seq, "m" + seq)).get(10, TimeUnit.SECONDS);
      }
      assertThat(c.peer().readMessage().text()).isEqualTo("m1");
      assertThat(c.peer().readMessage().text()).isEqualTo("m2");
      assertThat(events(a).missed.poll(10, TimeUnit.SECONDS)).as("3 and 4 never came")
          .isEqualTo("seq:2");
      assertThat(c.peer().readMessage().text()).isEqualTo("m5");
      assertThat(c.peer().readMessage().text()).as("the duplicate 2 and the late 3 dropped")
          .isEqualTo("m6");
      // Garbage on a topic's channel is dropped, and the node goes on.
      other.publish("sockjet:seq", java.nio.ByteBuffer.wrap(new byte[] {9, 9})).get();
      other.publish("sockjet:seq", envelope(99, 7, "m7")).get(10, TimeUnit.SECONDS);
      assertThat(c.peer().readMessage().text()).isEqualTo("m7");
    } finally {
      other.close();
    }
  }

  @Test
  void aMessageOverThePendingBoundIsDroppedAndToldNotQueued() throws Exception {
    WebSocketServer a = node(Cluster.over(bus.node()).maxPendingBytes(64));
    WebSocketServer b = node();
    Client c = subscriber(a, "bounded");
    b.topics().publish("bounded", "x".repeat(100)).get(10, TimeUnit.SECONDS);
    assertThat(events(a).missed.poll(10, TimeUnit.SECONDS)).isEqualTo("bounded:1");
    b.topics().publish("bounded", "small").get(10, TimeUnit.SECONDS);
    assertThat(c.peer().readMessage().text()).isEqualTo("small");
  }

  @Test
  void publishersOnTwoThreadsOfOneNodeLoseNothingElsewhere() throws Exception {
    WebSocketServer a = node();
    WebSocketServer b = node();
    Client remote = subscriber(b, "busy");
    a.topics().ready("busy").get(10, TimeUnit.SECONDS);
    int each = 2_000;
    // Two publishers on one node at once: the numbering and the handing to the broker must keep
    // one order, or a receiver drops what arrives out of it.
    CompletableFuture<?> one = CompletableFuture.runAsync(() -> publishN(a, "one", each));
    CompletableFuture<?> two = CompletableFuture.runAsync(() -> publishN(a, "two", each),
        a.loopExecutor());
    CompletableFuture.allOf(one, two).get(60, TimeUnit.SECONDS);
    int[] next = new int[2];
    for (int i = 0; i < 2 * each; i++) {
      String m = remote.peer().readMessage().text();
      int who = m.startsWith("one") ? 0 : 1;
      assertThat(m).isEqualTo((who == 0 ? "one" : "two") + next[who]++);
    }
    assertThat(next).containsExactly(each, each);
  }

  private static void publishN(WebSocketServer s, String name, int count) {
    for (int i = 0; i < count; i++) {
      s.topics().publish("busy", name + i);
    }
  }
}
