package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.internal.ServerCompression;
import io.sockjet.testkit.RawPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow subscribers under each policy, with their queues measured; compression once per agreement. */
@Timeout(120)
class TopicPoliciesIT {
  static final int CAP = 64 * 1024;
  static final int MESSAGE = 8 * 1024;
  /** A frame's header for MESSAGE bytes, unmasked: 2 bytes and a 16-bit length. */
  static final int HEADER = 4;

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

  /** A subscriber that reads only when told: a small receive buffer fills at once. */
  private RawPeer slowPeer() throws Exception {
    RawPeer peer = RawPeer.connect(new InetSocketAddress("127.0.0.1", server.port()), 8 * 1024);
    assertThat(peer.upgrade("/", "").status()).isEqualTo(101);
    peers.add(peer);
    return peer;
  }

  private RawPeer peer(String offer) throws Exception {
    RawPeer peer = RawPeer.connect(server.port());
    assertThat(peer.upgrade("/", offer).status()).isEqualTo(101);
    peers.add(peer);
    return peer;
  }

  /** A subscriber that does not read and one that does, both of {@code topic}. */
  record Subscribers(RawPeer slow, WebSocket slowWs, RawPeer fast, WebSocket fastWs) {}

  private Subscribers subscribeSlowAndFast(String topic) throws Exception {
    RawPeer slow = slowPeer();
    WebSocket slowWs = events.awaitOpen();
    RawPeer fast = peer("");
    WebSocket fastWs = events.awaitOpen();
    assertThat(slowWs.subscribe(topic)).isTrue();
    assertThat(fastWs.subscribe(topic)).isTrue();
    return new Subscribers(slow, slowWs, fast, fastWs);
  }

  private static String message(int i) {
    String head = "message " + i + " ";
    return head + "x".repeat(MESSAGE - head.length());
  }

  @Test
  void skipBoundsTheSlowSubscribersQueueAndTellsItWhatItMissed() throws Exception {
    server = EventRecorder.server(events).slowSubscribers(SlowSubscriberPolicy.skip(CAP)).start();
    Subscribers both = subscribeSlowAndFast("news");
    RawPeer slow = both.slow();
    WebSocket slowWs = both.slowWs();
    RawPeer fast = both.fast();
    WebSocket fastWs = both.fastWs();

    // Until the kernel's buffers are full and the queue passes the cap, then a few more.
    int total = 0;
    int skipped = 0;
    long maxQueued = 0;
    for (int i = 0, extra = 0; i < 8000 && extra < 20; i++, total++) {
      if (skipped > 0) {
        extra++;
      }
      PublishResult r = server.topics().publish("news", message(i)).get(10, TimeUnit.SECONDS);
      skipped += r.skipped();
      assertThat(r.delivered() + r.skipped()).isEqualTo(2);
      assertThat(r.closed()).isZero();
      maxQueued = Math.max(maxQueued, slowWs.queuedBytes());
      assertThat(fast.readMessage().text()).isEqualTo(message(i));
    }
    assertThat(skipped).as("the slow subscriber was skipped").isPositive();
    assertThat(maxQueued).as("its queue stays within the cap and one message")
        .isLessThanOrEqualTo(CAP + MESSAGE + HEADER);
    assertThat(fastWs.queuedBytes()).isZero();

    // The slow one reads what it got: the messages it was not skipped for, in order.
    int got = total - skipped;
    int last = -1;
    for (int i = 0; i < got; i++) {
      String text = slow.readMessage().text();
      int n = Integer.parseInt(text.substring(8, text.indexOf(' ', 8)));
      assertThat(n).isGreaterThan(last);
      last = n;
    }
    slowWs.flushed().get(10, TimeUnit.SECONDS);
    // The next message reaches it, and first its listener hears how many it missed.
    assertThat(server.topics().publish("news", "caught up").get(10, TimeUnit.SECONDS))
        .isEqualTo(new PublishResult(2, 0, 0));
    assertThat(events.missed.poll(10, TimeUnit.SECONDS)).isEqualTo("news:" + skipped);
    assertThat(slow.readMessage().text()).isEqualTo("caught up");
    assertThat(fast.readMessage().text()).isEqualTo("caught up");
    TopicMetrics m = server.topics().metrics("news").orElseThrow();
    assertThat(m.skipped()).isEqualTo(skipped);
    assertThat(m.delivered()).isEqualTo(2L * (total + 1) - skipped);
  }

  @Test
  void closeDropsTheSlowSubscriberWithItsCodeAndTheOthersGoOn() throws Exception {
    server = EventRecorder.server(events).start();
    server.topics().policy("prices", SlowSubscriberPolicy.close(CAP, 1013));
    assertThat(server.topics().policy("other")).isEqualTo(SlowSubscriberPolicy.DEFAULT);
    Subscribers both = subscribeSlowAndFast("prices");
    RawPeer slow = both.slow();
    WebSocket slowWs = both.slowWs();
    RawPeer fast = both.fast();

    int closed = 0;
    long maxQueued = 0;
    int sentToSlow = 0;
    for (int i = 0, extra = 0; i < 8000 && extra < 20; i++) {
      if (closed > 0) {
        extra++;
      }
      PublishResult r = server.topics().publish("prices", message(i)).get(10, TimeUnit.SECONDS);
      closed += r.closed();
      assertThat(r.skipped()).isZero();
      if (closed == 0) {
        sentToSlow++;
      }
      maxQueued = Math.max(maxQueued, slowWs.queuedBytes());
      assertThat(fast.readMessage().text()).isEqualTo(message(i));
    }
    assertThat(closed).as("closed once").isEqualTo(1);
    assertThat(maxQueued).isLessThanOrEqualTo(CAP + MESSAGE + HEADER + 32);
    // What it was sent, then the close frame with the policy's code.
    int messages = 0;
    RawPeer.Frame f;
    for (f = slow.readFrame(); f.opcode() != 0x8; f = slow.readFrame()) {
      messages++;
    }
    assertThat(messages).isEqualTo(sentToSlow);
    assertThat(f.closeCode()).isEqualTo(1013);
    slow.sendClose(1013, "");
    assertThat(events.awaitClose().code()).isEqualTo(1013);
    assertThat(server.topics().subscribers("prices")).isEqualTo(1);
    assertThat(server.topics().metrics("prices").orElseThrow().closed()).isEqualTo(1);
  }

  @Test
  void aPublishIsCompressedOncePerAgreementAndAloneWhereAContextIsKept() throws Exception {
    server = EventRecorder.server(events)
        .compression(Compression.dedicated().toBuilder().threshold(0).build()).start();
    String[] offers = {
        "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n",
        "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover;"
            + " server_max_window_bits=10\r\n",
        "Sec-WebSocket-Extensions: permessage-deflate\r\n", // the server keeps its context
        ""};
    List<RawPeer> subscribers = new ArrayList<>();
    Set<Integer> sharedWindows = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      String offer = offers[i % offers.length];
      subscribers.add(peer(offer));
      WebSocket ws = events.awaitOpen();
      ws.subscribe("t");
      String agreed = ws.extensions();
      if (agreed.contains("server_no_context_takeover")) {
        Matcher w = Pattern.compile("server_max_window_bits=(\\d+)").matcher(agreed);
        sharedWindows.add(w.find() ? Integer.parseInt(w.group(1)) : 15);
      }
    }
    assertThat(sharedWindows).as("agreements that share frames").isNotEmpty();
    ServerCompression compression = server.compression();
    long before = compression.sharedCompressions();
    String message = "one message, one message, one message for every subscriber";
    assertThat(server.topics().publish("t", message).get(10, TimeUnit.SECONDS).delivered())
        .isEqualTo(12);
    assertThat(compression.sharedCompressions() - before)
        .as("compressed once per window among no-context subscribers, not once per subscriber")
        .isEqualTo(sharedWindows.size());
    for (RawPeer p : subscribers) {
      RawPeer.Frame f = p.readFrame();
      byte[] payload = f.rsv() == 4 ? inflate(f.payload()) : f.payload();
      assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(message);
    }
  }

  private static byte[] inflate(byte[] compressed) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    inflater.setInput(concat(compressed, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
    byte[] out = new byte[4096];
    int n = inflater.inflate(out);
    inflater.end();
    return java.util.Arrays.copyOf(out, n);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
