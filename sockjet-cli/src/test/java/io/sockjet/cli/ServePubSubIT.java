package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.CloseEvent;
import io.sockjet.TopicMetrics;
import io.sockjet.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockjet serve --pubsub} in-process, driven by several clients that speak its text
 * protocol: what is delivered to whom, the replies, every error, and what a slow subscriber is
 * told (or how it is closed) under a tiny slow-subscriber cap. A negative check ("did not get")
 * always comes after the client got a later message that would have come after it.
 */
@Timeout(60)
class ServePubSubIT {
  private final WebSocketClient client = WebSocketClient.builder().eventLoops(2)
      .maxQueuedBytes(128L << 20).build(); // room to send the 256 KiB publishes below at once
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    client.close();
  }

  private ServeRunner serve(String... more) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("--pubsub"));
    args.addAll(List.of(more));
    ServeRunner serve = ServeRunner.start(args.toArray(String[]::new));
    opened.add(serve);
    return serve;
  }

  private Peer connect(ServeRunner serve, String path) throws Exception {
    Peer peer = Peer.connect(client, serve.uri(path));
    opened.add(peer);
    return peer;
  }

  /** Sends {@code command} and expects {@code reply} as the next message. */
  private static void ask(Peer peer, String command, String reply) throws InterruptedException {
    peer.ws.sendText(command);
    assertThat(peer.next()).as("reply to %s", command).isEqualTo(reply);
  }

  @Test
  void saysWhereItListens() throws Exception {
    ServeRunner serve = serve();
    assertThat(serve.out()).isEqualTo(
        "sockjet: pubsub server listening on ws://127.0.0.1:" + serve.port() + "/\n");
  }

  @Test
  void aPublishReachesEverySubscriberButItsPublisher() throws Exception {
    ServeRunner serve = serve();
    Peer ada = connect(serve, "/");
    Peer bob = connect(serve, "/any/path?at=all");
    Peer cy = connect(serve, "/feed");
    ask(ada, "sub news", "ok sub news");
    ask(bob, "sub news", "ok sub news");

    cy.ws.sendText("pub news hello, world");
    assertThat(ada.next()).isEqualTo("msg news hello, world");
    assertThat(bob.next()).isEqualTo("msg news hello, world");

    ada.ws.sendText("pub news from a subscriber");
    assertThat(bob.next()).isEqualTo("msg news from a subscriber");
    cy.ws.sendText("pub news  spaced  ");
    assertThat(bob.next()).isEqualTo("msg news  spaced  ");
    assertThat(ada.next()).as("its own publish did not come back").isEqualTo("msg news  spaced  ");
    cy.ws.sendText("pub news");
    assertThat(ada.next()).as("an empty payload").isEqualTo("msg news ");

    // A successful pub has no reply: the next thing the publisher hears answers its next command.
    cy.ws.sendText("pub nobody-listens x");
    ask(cy, "sub other", "ok sub other");
    assertThat(serve.server().topics().subscribers("news")).isEqualTo(2);
  }

  @Test
  void unsubscribedClientsHearNoMore() throws Exception {
    ServeRunner serve = serve();
    Peer ada = connect(serve, "/");
    Peer bob = connect(serve, "/");
    Peer cy = connect(serve, "/");
    ask(ada, "sub news", "ok sub news");
    ask(bob, "sub news", "ok sub news");
    ask(bob, "sub news", "ok sub news"); // again: still one subscription
    ask(bob, "sub sport", "ok sub sport");
    assertThat(serve.server().topics().subscribers("news")).isEqualTo(2);

    ask(bob, "unsub news", "ok unsub news");
    ask(bob, "unsub news", "ok unsub news"); // not subscribed: the same answer
    cy.ws.sendText("pub news for ada only");
    cy.ws.sendText("pub sport for bob");
    assertThat(ada.next()).isEqualTo("msg news for ada only");
    assertThat(bob.next()).as("news published first never came").isEqualTo("msg sport for bob");
    assertThat(serve.server().topics().subscribers("news")).isEqualTo(1);
  }

  @Test
  void badCommandsGetErrAndTheConnectionGoesOn() throws Exception {
    ServeRunner serve = serve();
    Peer peer = connect(serve, "/");
    ask(peer, "", "err empty command: use sub, unsub or pub");
    ask(peer, "hello", "err unknown command \"hello\": use sub, unsub or pub");
    ask(peer, "sub", "err sub needs a topic: sub TOPIC");
    ask(peer, "unsub ", "err unsub needs a topic: unsub TOPIC");
    ask(peer, "pub", "err pub needs a topic: pub TOPIC PAYLOAD");
    ask(peer, "sub a b", "err bad topic: " + PubSubCommand.TOPIC_RULE);
    ask(peer, "sub " + "t".repeat(PubSubCommand.MAX_TOPIC + 1),
        "err bad topic: " + PubSubCommand.TOPIC_RULE);
    peer.ws.sendBinary(new byte[] {'s', 'u', 'b', ' ', 't'});
    assertThat(peer.next()).isEqualTo("err binary messages are not commands");
    ask(peer, "sub t", "ok sub t");
    assertThat(peer.ws.isOpen()).isTrue();
  }

  @Test
  void aPublishTooLargeToSendIsRefusedToItsSender() throws Exception {
    ServeRunner serve = serve("--max-outgoing", "1k");
    Peer sub = connect(serve, "/");
    Peer pub = connect(serve, "/");
    ask(sub, "sub t", "ok sub t");
    String fits = "p".repeat(1024 - "msg t ".length());
    pub.ws.sendText("pub t " + fits + "q"); // one byte over once "msg t " is in front
    assertThat(pub.next()).startsWith("err message too large");
    pub.ws.sendText("pub t " + fits);
    assertThat(sub.next()).isEqualTo("msg t " + fits);
  }

  @Test
  void aConnectionHoldsAtMost1024Subscriptions() throws Exception {
    ServeRunner serve = serve("-q");
    Peer peer = connect(serve, "/");
    for (int i = 0; i < PubSubMode.MAX_SUBSCRIPTIONS; i++) {
      peer.ws.sendText("sub t" + i);
    }
    for (int i = 0; i < PubSubMode.MAX_SUBSCRIPTIONS; i++) {
      assertThat(peer.next()).isEqualTo("ok sub t" + i);
    }
    ask(peer, "sub one-more", "err too many subscriptions: at most 1024 per connection");
    ask(peer, "sub t7", "ok sub t7"); // already one: no more room needed
    ask(peer, "unsub t0", "ok unsub t0");
    ask(peer, "sub one-more", "ok sub one-more");
    assertThat(serve.server().topics().subscriptions()).isEqualTo(PubSubMode.MAX_SUBSCRIPTIONS);
  }

  /**
   * A subscriber that stops reading, under {@code skip:1k}: once its socket buffers are full,
   * publishes skip it; when it reads again it gets what was queued, then {@code missed t N} for
   * exactly the skipped ones, then the next publish.
   */
  @Test
  void aSkippedSubscriberIsToldHowManyItMissed() throws Exception {
    ServeRunner serve = serve("--slow-subscribers", "skip:1k"); // logged: onMissed passes the log
    Peer slow = connect(serve, "/");
    Peer publisher = connect(serve, "/");
    ask(slow, "sub t", "ok sub t");
    slow.ws.pauseReading();
    String payload = "z".repeat(256 * 1024);
    int published = 0;
    for (; published < 400 && counted(serve, published).skipped() < 3; published++) {
      publisher.ws.sendText("pub t " + payload);
    }
    TopicMetrics m = counted(serve, published);
    assertThat(m.skipped()).as("skipped within %d publishes of 256 KiB", published).isEqualTo(3);
    assertThat(m.delivered() + m.skipped()).isEqualTo(published);

    slow.ws.resumeReading();
    for (long i = 0; i < m.delivered(); i++) {
      assertThat(slow.next()).hasSize(6 + payload.length()).startsWith("msg t zzz");
    }
    assertThat(slow.next()).isEqualTo("missed t 3");
    publisher.ws.sendText("pub t end");
    assertThat(slow.next()).isEqualTo("msg t end");
  }

  /**
   * The same subscriber under {@code close:1k:1013} is closed instead; it leaves the topic once its
   * closing handshake is over, which needs it to read again.
   */
  @Test
  void aSlowSubscriberIsClosedUnderACloseCap() throws Exception {
    ServeRunner serve = serve("-q", "--slow-subscribers", "close:1k:1013");
    Peer slow = connect(serve, "/");
    Peer publisher = connect(serve, "/");
    ask(slow, "sub t", "ok sub t");
    slow.ws.pauseReading();
    String command = "pub t " + "z".repeat(256 * 1024);
    int published = 0;
    for (; published < 400 && counted(serve, published).closed() == 0; published++) {
      publisher.ws.sendText(command);
    }
    assertThat(counted(serve, published).closed()).as("closed within %d publishes", published)
        .isEqualTo(1);
    slow.ws.resumeReading();
    CloseEvent close = slow.awaitClose();
    assertThat(close.code()).isEqualTo(1013);
    assertThat(close.reason()).isEqualTo("subscriber too slow");
  }

  /**
   * Topic t's counters once the server has handed each of {@code published} publishes to t's one
   * subscriber, or once t has none left (an empty topic has no counters: all zero then); waits at
   * most 10 s.
   */
  private static TopicMetrics counted(ServeRunner serve, long published)
      throws InterruptedException {
    TopicMetrics m = null;
    for (int i = 0; i < 1000; i++) {
      m = serve.server().topics().metrics("t").orElse(new TopicMetrics("t", 0, 0, 0, 0, 0));
      if (m.subscribers() == 0 || (m.published() == published
          && m.delivered() + m.skipped() + m.closed() == published)) {
        return m;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server did not hand over " + published + " publishes: " + m);
  }
}
