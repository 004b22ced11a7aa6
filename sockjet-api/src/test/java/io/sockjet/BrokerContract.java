package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Broker} must do, as tests: extend it with a way to make nodes on one broker,
 * and to take the broker down and bring it back. {@code InProcessBrokerContractTest} runs it in
 * one JVM; {@code sockjet-redis} against a real Redis, in both its modes.
 */
@Timeout(180)
public abstract class BrokerContract {
  private final List<Broker> nodes = new ArrayList<>();

  /** A new node on the broker under test, not started. */
  protected abstract Broker newNode() throws Exception;

  /** Takes the broker down: every node loses its connection. */
  protected abstract void stopBroker() throws Exception;

  /** Brings the broker back after {@link #stopBroker}. */
  protected abstract void startBroker() throws Exception;

  /** Checks that a closed node left nothing on the broker (no connection, no subscription). */
  protected void assertNothingLeftBy(Broker closed, Set<String> channels) throws Exception {}

  /** How long any one step may take. */
  protected Duration patience() {
    return Duration.ofSeconds(20);
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Broker::close);
  }

  /** What a node's listener heard. */
  protected static final class Heard implements BrokerListener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final List<BrokerState> states = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String channel, ByteBuffer message) {
      byte[] bytes = new byte[message.remaining()];
      message.get(bytes);
      messages.add(channel + "=" + new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void onStateChange(BrokerState state) {
      states.add(state);
    }
  }

  /** A started node and what it hears, up. */
  protected record Node(Broker broker, Heard heard) {}

  private Node node() throws Exception {
    Broker b = newNode();
    nodes.add(b);
    Heard heard = new Heard();
    b.start(heard);
    awaitTrue(() -> b.state() == BrokerState.UP, "node up");
    return new Node(b, heard);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String next(Node n) throws InterruptedException {
    String m = n.heard().messages.poll(patience().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message within %s", patience()).isNotNull();
    return m;
  }

  private <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(patience().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void everySubscriberSeesOneOrderWithPublishersOnTwoNodes() throws Exception {
    Node a = node();
    Node b = node();
    Node c = node();
    for (Node n : List.of(a, b, c)) {
      await(n.broker().subscribe("order"));
    }
    int each = 500;
    CompletableFuture<?> fromA = CompletableFuture.runAsync(() -> publishAll(a, "a", each));
    CompletableFuture<?> fromB = CompletableFuture.runAsync(() -> publishAll(b, "b", each));
    await(CompletableFuture.allOf(fromA, fromB));
    List<String> first = null;
    for (Node n : List.of(a, b, c)) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 2 * each; i++) {
        seen.add(next(n));
      }
      if (first == null) {
        first = seen;
        int nextA = 0;
        int nextB = 0;
        for (String m : seen) {
          assertThat(m).isIn("order=a" + nextA, "order=b" + nextB);
          if (m.equals("order=a" + nextA)) {
            nextA++;
          } else {
            nextB++;
          }
        }
      }
      assertThat(seen).as("one order on every node").isEqualTo(first);
    }
  }

  private static void publishAll(Node n, String name, int count) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(n.broker().publish("order", bytes(name + i)));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  void aConfirmedSubscribeReceivesAndAConfirmedUnsubscribeStops() throws Exception {
    Node pub = node();
    Node sub = node();
    await(sub.broker().subscribe("on"));
    await(sub.broker().subscribe("sentinel"));
    await(pub.broker().publish("on", bytes("first")));
    assertThat(next(sub)).isEqualTo("on=first");
    await(sub.broker().unsubscribe("on"));
    await(pub.broker().publish("on", bytes("unheard")));
    await(pub.broker().publish("sentinel", bytes("after")));
    assertThat(next(sub)).as("nothing of the dropped channel").isEqualTo("sentinel=after");
  }

  @Test
  void aMebibyteMessageArrivesWhole() throws Exception {
    Node pub = node();
    Node sub = node();
    await(sub.broker().subscribe("big"));
    byte[] payload = new byte[1 << 20];
    new Random(7).nextBytes(payload);
    ByteBuffer message = ByteBuffer.wrap(payload);
    await(pub.broker().publish("big", message));
    assertThat(message.remaining()).as("the caller's buffer is not moved").isEqualTo(1 << 20);
    String heard = next(sub);
    assertThat(heard.substring("big=".length()).getBytes(StandardCharsets.ISO_8859_1))
        .isEqualTo(payload);
  }

  @Test
  void tenThousandChannelsOnOneNode() throws Exception {
    Node pub = node();
    Node sub = node();
    List<CompletableFuture<Void>> subscribed = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      subscribed.add(sub.broker().subscribe("ch" + i));
    }
    await(CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)));
    List<CompletableFuture<Void>> published = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      published.add(pub.broker().publish("ch" + i, bytes("m" + i)));
    }
    await(CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)));
    Set<String> heard = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      heard.add(next(sub));
    }
    assertThat(heard).hasSize(10_000).contains("ch0=m0", "ch9999=m9999");
  }

  @Test
  void publishFailsAtOnceWhileTheBrokerIsDown() throws Exception {
    Node a = node();
    stopBroker();
    try {
      awaitTrue(() -> a.broker().state() == BrokerState.DOWN, "node down");
      long start = System.nanoTime();
      CompletableFuture<Void> f = a.broker().publish("any", bytes("lost"));
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(BrokerUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      startBroker();
    }
  }

  @Test
  void afterAnOutageEveryInterestIsSubscribedAgainAndUpIsReported() throws Exception {
    Node pub = node();
    Node sub = node();
    await(sub.broker().subscribe("kept"));
    stopBroker();
    awaitTrue(() -> sub.broker().state() == BrokerState.DOWN, "subscriber down");
    startBroker();
    awaitTrue(() -> sub.broker().state() == BrokerState.UP, "subscriber up again");
    awaitTrue(() -> pub.broker().state() == BrokerState.UP, "publisher up again");
    // state() may say UP a moment before the listener hears it, on the broker's thread.
    awaitTrue(() -> heardInOrder(sub.heard().states, BrokerState.UP, BrokerState.DOWN,
        BrokerState.UP), "the subscriber's listener heard UP, DOWN, UP");
    await(pub.broker().publish("kept", bytes("after the outage")));
    assertThat(next(sub)).isEqualTo("kept=after the outage");
  }

  /** Whether {@code heard} has {@code expected} in that order, not necessarily adjacent. */
  private static boolean heardInOrder(List<BrokerState> heard, BrokerState... expected) {
    int matched = 0;
    for (BrokerState s : heard) {
      if (matched < expected.length && s == expected[matched]) {
        matched++;
      }
    }
    return matched == expected.length;
  }

  @Test
  void closeFreesEverything() throws Exception {
    Node pub = node();
    Node sub = node();
    await(sub.broker().subscribe("x"));
    await(sub.broker().subscribe("y"));
    sub.broker().close();
    sub.broker().close(); // idempotent
    assertThat(sub.broker().state()).isEqualTo(BrokerState.CLOSED);
    awaitTrue(() -> sub.heard().states.contains(BrokerState.CLOSED), "CLOSED reported");
    assertThatThrownBy(() -> await(sub.broker().publish("x", bytes("no"))))
        .hasCauseInstanceOf(BrokerUnavailableException.class);
    await(pub.broker().publish("x", bytes("to no one")));
    assertThat(sub.heard().messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertNothingLeftBy(sub.broker(), Set.of("x", "y"));
  }
}
