package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opening handshake (RFC 6455 §4.2) over raw sockets: what the server answers and when. */
@Timeout(60)
class ServerHandshakeIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void acceptsWith101AndTheRfcAcceptValue() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      RawPeer.Reply reply = peer.upgrade("/", "");
      assertThat(reply.status()).isEqualTo(101);
      // RFC 6455 §1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" gives "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
      assertThat(reply.header("Sec-WebSocket-Accept")).isEqualTo(RawPeer.SAMPLE_ACCEPT);
      assertThat(reply.header("Upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(reply.header("Connection")).containsIgnoringCase("upgrade");
      assertThat(reply.header("Sec-WebSocket-Protocol")).isNull();
      events.awaitOpen();
    }
  }

  @Test
  void aPlainConnectionReportsNoSubprotocolExtensionsAttachmentOrAttributes() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      assertThat(peer.upgrade("/", "").status()).isEqualTo(101);
      WebSocket ws = events.awaitOpen();
      assertThat(ws.subprotocol()).isNull();
      assertThat(ws.extensions()).isEmpty();
      assertThat((Object) ws.attachment()).isNull();
      assertThat(ws.responseHeaders()).containsKeys("Upgrade", "Connection",
          "Sec-WebSocket-Accept").doesNotContainKeys("Sec-WebSocket-Protocol",
          "Sec-WebSocket-Extensions");
      assertThat((Object) ws.attribute("user")).isNull();
      ws.setAttribute("user", null); // removing what was never set
      assertThat((Object) ws.attribute("user")).isNull();
      ws.setAttribute("user", "abc");
      assertThat((String) ws.attribute("user")).isEqualTo("abc");
      ws.setAttribute("user", null);
      assertThat((Object) ws.attribute("user")).isNull();
    }
  }

  @Test
  void subprotocolIsTheServersMostPreferredThatTheClientOffers() throws Exception {
    server = EventRecorder.server(events).subprotocols("v2", "v1").start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      RawPeer.Reply reply = peer.upgrade("/", "Sec-WebSocket-Protocol: v1, v2, v3\r\n");
      assertThat(reply.status()).isEqualTo(101);
      assertThat(reply.header("Sec-WebSocket-Protocol")).isEqualTo("v2");
      assertThat(events.awaitOpen().subprotocol()).isEqualTo("v2");
    }
  }

  @Test
  void noSubprotocolHeaderWhenNoneIsShared() throws Exception {
    server = EventRecorder.server(events).subprotocols("v2").start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      RawPeer.Reply reply = peer.upgrade("/", "Sec-WebSocket-Protocol: v9\r\n");
      assertThat(reply.status()).isEqualTo(101);
      assertThat(reply.header("Sec-WebSocket-Protocol")).isNull();
      assertThat(events.awaitOpen().subprotocol()).isNull();
    }
  }

  @Test
  void version8GetsUpgradeRequiredNamingVersion13() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", "").replace("Version: 13", "Version: 8"));
      RawPeer.Reply reply = peer.readReply();
      assertThat(reply.status()).isEqualTo(426);
      assertThat(reply.header("Sec-WebSocket-Version")).isEqualTo("13");
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.opened).isEmpty();
    assertThat(server.metrics().rejectedHandshakes()).isEqualTo(1);
  }

  @Test
  void keyNotSixteenBytesOfBase64Gets400() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", "").replace(RawPeer.SAMPLE_KEY, "c2hvcnQ="));
      assertThat(peer.readReply().status()).isEqualTo(400);
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.opened).isEmpty();
  }

  @Test
  void headOverTheLimitGets431() throws Exception {
    server = EventRecorder.server(events).maxHeadBytes(1024).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", "X-Filler: " + "a".repeat(2000) + "\r\n"));
      assertThat(peer.readReply().status()).isEqualTo(431);
      assertThat(peer.drainToEof()).isTrue();
    }
    assertThat(events.opened).isEmpty();
  }

  @Test
  void plainGetWithoutUpgradeGets426() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawPeer.Reply reply = peer.readReply();
      assertThat(reply.status()).isEqualTo(426);
      assertThat(reply.header("Upgrade")).isEqualToIgnoringCase("websocket");
    }
  }

  @Test
  void plainGetIsAnsweredByTheHttpHandlerWhenOneIsInstalled() throws Exception {
    AtomicReference<HandshakeRequest> seen = new AtomicReference<>();
    server = EventRecorder.server(events).httpHandler(r -> {
      seen.set(r);
      return HttpResponse.of(200, "text/plain", "healthy");
    }).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send("GET /health?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawPeer.Reply reply = peer.readReply();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.bodyText()).isEqualTo("healthy");
      assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(seen.get().path()).isEqualTo("/health");
    assertThat(seen.get().query()).isEqualTo("x=1");
  }

  @Test
  void hookRejectionSendsItsStatusAndBody() throws Exception {
    server = EventRecorder.server(events)
        .handshake(HandshakeHandler.sync(r -> HandshakeResponse.reject(401, "log in first")
            .withHeader("WWW-Authenticate", "Bearer")))
        .start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      RawPeer.Reply reply = peer.upgrade("/", "");
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.bodyText()).isEqualTo("log in first");
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.opened).isEmpty();
  }

  @Test
  void asyncHookCompletedFromAnotherThreadAcceptsWithAttachmentAndSeesTheRequest()
      throws Exception {
    ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<HandshakeRequest> seen = new AtomicReference<>();
    AtomicReference<String> hookThread = new AtomicReference<>();
    try {
      server = EventRecorder.server(events).handshake(request -> {
        seen.set(request);
        CompletableFuture<HandshakeResponse> later = new CompletableFuture<>();
        other.schedule(() -> {
          hookThread.set(Thread.currentThread().getName());
          later.complete(HandshakeResponse.accept()
              .withAttachment("user:" + request.queryParameter("token")));
        }, 100, TimeUnit.MILLISECONDS);
        return later;
      }).start();
      try (RawPeer peer = RawPeer.connect(server.port())) {
        RawPeer.Reply reply = peer.upgrade("/chat/room1?token=abc&x=%20y",
            "Cookie: session=s1; theme=dark\r\nOrigin: https://example.com\r\nX-Custom: 42\r\n");
        assertThat(reply.status()).isEqualTo(101);
        WebSocket ws = events.awaitOpen();
        assertThat((String) ws.attachment()).isEqualTo("user:abc");
        assertThat(ws.request().path()).isEqualTo("/chat/room1");
        // The connection works after the pause for the decision.
        peer.sendText("after async");
        assertThat(events.awaitText()).isEqualTo("after async");
      }
      HandshakeRequest r = seen.get();
      assertThat(hookThread.get()).isNotNull();
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/chat/room1");
      assertThat(r.query()).isEqualTo("token=abc&x=%20y");
      assertThat(r.queryParameter("x")).isEqualTo(" y");
      assertThat(r.header("x-custom")).isEqualTo("42");
      assertThat(r.cookies()).isEqualTo(Map.of("session", "s1", "theme", "dark"));
      assertThat(r.origin()).isEqualTo("https://example.com");
      assertThat(r.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(r.localAddress().getPort()).isEqualTo(server.port());
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aPeerGoneBeforeAnAsyncDecisionLeavesNoConnectionBehind() throws Exception {
    CompletableFuture<HandshakeResponse> later = new CompletableFuture<>();
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    server = EventRecorder.server(events).handshake(request -> {
      asked.countDown();
      return later;
    }).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", ""));
      assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
      peer.socket.setSoLinger(true, 0); // closes with a reset: the 101 finds the socket gone
    }
    later.complete(HandshakeResponse.accept());
    // Whether the 101's write fails before or after the connection exists, none is left in the
    // server's set: either it was never made, or it heard of the close and left.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!server.connections().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(300); // a decision still running on the loop would add its connection by now
    assertThat(server.connections()).isEmpty();
    events.discard(); // a connection made before the reset may have heard it as an error
  }

  @Test
  void originNotAllowedGets403() throws Exception {
    server = EventRecorder.server(events).allowedOrigins("https://good.example").start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      RawPeer.Reply reply = peer.upgrade("/", "Origin: https://evil.example\r\n");
      assertThat(reply.status()).isEqualTo(403);
    }
    try (RawPeer peer = RawPeer.connect(server.port())) {
      assertThat(peer.upgrade("/", "").status()).as("no Origin at all").isEqualTo(403);
    }
    try (RawPeer peer = RawPeer.connect(server.port())) {
      assertThat(peer.upgrade("/", "Origin: https://good.example\r\n").status()).isEqualTo(101);
    }
  }

  @Test
  void acceptFilterRefusesAnAddressAtAccept() throws Exception {
    server = EventRecorder.server(events)
        .acceptFilter((InetSocketAddress a) -> !a.getAddress().isLoopbackAddress()).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", ""));
      assertThat(peer.awaitEof()).as("closed without an answer").isTrue();
    }
    assertThat(events.opened).isEmpty();
  }

  @Test
  void maxConnectionsAnswersTheConnectionOverTheLimitWith503() throws Exception {
    server = EventRecorder.server(events).maxConnections(2).start();
    try (RawPeer a = RawPeer.open(server.port()); RawPeer b = RawPeer.open(server.port())) {
      events.awaitOpen();
      events.awaitOpen();
      try (RawPeer c = RawPeer.connect(server.port())) {
        c.send(RawPeer.upgradeRequest("/", ""));
        RawPeer.Reply reply = c.readReply();
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(reply.headers())
            .containsEntry("retry-after", "1")
            .containsEntry("connection", "close");
        assertThat(reply.body()).isEmpty();
        assertThat(c.awaitEof()).as("closed after the answer").isTrue();
      }
      assertThat(server.connections()).hasSize(2);
      assertThat(events.opened).as("no third open").isEmpty();
      a.sendClose(1000, "");
      events.awaitClose();
    }
    // A slot freed: a new connection is accepted (bounded retries: the count drops on the loop).
    boolean accepted = false;
    for (int i = 0; i < 50 && !accepted; i++) {
      try (RawPeer d = RawPeer.connect(server.port())) {
        d.send(RawPeer.upgradeRequest("/", ""));
        accepted = d.readReply().status() == 101;
      } catch (java.io.IOException refused) {
        Thread.sleep(50);
      }
    }
    assertThat(accepted).isTrue();
  }

  @Test
  void portZeroReportsTheBoundPort() throws Exception {
    server = EventRecorder.server(events).start();
    assertThat(server.port()).isPositive();
    assertThat(server.localAddress().getPort()).isEqualTo(server.port());
    try (RawPeer peer = RawPeer.open(server.port())) {
      assertThat(events.awaitOpen().localAddress().getPort()).isEqualTo(server.port());
    }
  }
}
