package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import io.sockjet.transport.EventLoop;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults stay inside one connection: what a connection's handling throws, errors included,
 * closes that connection alone (1011); a loop that cannot go on fails the whole server loudly;
 * and the stream defects hostile probing found stay fixed.
 */
@Timeout(60)
class ServerFaultsIT {
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void anOutOfMemoryErrorInOneConnectionClosesItWith1011AndTheLoopServesTheOthers()
      throws Exception {
    WebSocketListener listener = new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        if (text.equals("explode")) {
          throw new OutOfMemoryError("what a failed allocation of this connection would throw");
        }
        if (text.equals("overflow")) {
          throw new StackOverflowError("as deep recursion in a handler would");
        }
        ws.sendText(text);
      }
    };
    // One loop: victim and bystander share it, so a dead loop would take the bystander too.
    server = EventRecorder.server(listener).eventLoops(1).start();
    try (RawPeer bystander = RawPeer.open(server.port())) {
      for (String fatal : new String[] {"explode", "overflow"}) {
        try (RawPeer victim = RawPeer.open(server.port())) {
          victim.sendText(fatal);
          assertThat(victim.readClose().closeCode()).isEqualTo(1011);
        }
        bystander.sendText("still served after " + fatal);
        assertThat(bystander.readMessage().text()).isEqualTo("still served after " + fatal);
      }
      try (RawPeer late = RawPeer.open(server.port())) {
        late.sendText("new connections too");
        assertThat(late.readMessage().text()).isEqualTo("new connections too");
      }
    }
  }

  @Test
  void aLoopThatCannotGoOnFailsTheServerAsAWhole() throws Exception {
    server = EventRecorder.server(EventRecorder.ECHO).eventLoops(1).start();
    int port = server.port();
    try (RawPeer peer = RawPeer.open(port)) {
      EventLoop loop = server.group().loops().get(0);
      Method breakIt = EventLoop.class.getDeclaredMethod("breakSelectorForTest");
      breakIt.setAccessible(true);
      breakIt.invoke(loop); // the loop's own machinery fails, as a broken selector would
      Throwable cause = server.failure().get(10, TimeUnit.SECONDS);
      assertThat(cause).isNotNull();
      assertThat(peer.drainToEof()).as("the connection is dropped, not left hanging").isTrue();
    }
    // No listener lives on without its loop: a new client is refused.
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  @Test
  void aThrowingStreamProducerClosesTheConnectionWith1011AndItEnds() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<Void> sent = ws.sendStream(false, () -> {
        if (calls.incrementAndGet() == 1) {
          return ByteBuffer.wrap(new byte[] {1, 2, 3});
        }
        throw new IllegalStateException("the source broke");
      });
      assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class);
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1011);
      peer.sendClose(1011, ""); // the peer answers; the closing handshake completes
      CloseEvent event = events.awaitClose();
      assertThat(event.code()).isEqualTo(1011);
      assertThat(ws.state()).isEqualTo(ReadyState.CLOSED);
    }
  }

  @Test
  void aTextStreamIsGuardedAgainstWholeMessagesLikeABinaryOne() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      for (boolean text : new boolean[] {true, false}) {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        int[] step = {0};
        ws.sendStream(text, () -> {
          switch (step[0]++) {
            case 0:
              return RawPeer.utf8("first ");
            case 1:
              // The producer runs on the loop between two fragments: the worst moment.
              try {
                ws.sendText("between");
                refused.complete(null);
              } catch (IllegalStateException e) {
                refused.complete(e);
              }
              return RawPeer.utf8("second");
            default:
              return null;
          }
        }).get(10, TimeUnit.SECONDS);
        assertThat(refused.get()).as("sendText during a %s stream", text ? "text" : "binary")
            .isInstanceOf(IllegalStateException.class);
        RawPeer.Frame m = peer.readMessage(); // fails if a text frame came between fragments
        assertThat(m.opcode()).isEqualTo(text ? 0x1 : 0x2);
        assertThat(m.text()).isEqualTo("first second");
      }
    }
  }

  @Test
  void aProducerWithNothingYetPausesWithoutSpinningUntilResumed() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      AtomicInteger calls = new AtomicInteger();
      AtomicBoolean ready = new AtomicBoolean();
      int[] step = {0};
      CompletableFuture<Void> sent = ws.sendStream(true, () -> {
        calls.incrementAndGet();
        if (step[0] == 0) {
          step[0]++;
          return RawPeer.utf8("early ");
        }
        if (step[0] == 1) {
          if (!ready.get()) {
            return ByteBuffer.allocate(0); // nothing yet
          }
          step[0]++;
          return RawPeer.utf8("late");
        }
        return null;
      });
      Thread.sleep(300);
      assertThat(calls.get()).as("producer calls while paused").isEqualTo(2);
      assertThat(sent).isNotDone();
      ready.set(true);
      ws.resumeStream();
      sent.get(10, TimeUnit.SECONDS);
      RawPeer.Frame m = peer.readMessage();
      assertThat(m.text()).isEqualTo("early late");
      assertThat(m.opcode()).isEqualTo(0x1);
    }
  }

  @Test
  void theDefaultLimitsAgreeAnEchoOfSeventeenMebibytesIsSentBack() throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .listener(EventRecorder.ECHO).start(); // every limit at its default
    byte[] message = new byte[17 << 20];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i * 7);
    }
    try (RawPeer peer = RawPeer.open(server.port())) {
      peer.send(RawFrame.of(0x2).payload(message).mask(RawPeer.MASK));
      RawPeer.Frame echo = peer.readMessage();
      assertThat(echo.opcode()).isEqualTo(0x2);
      assertThat(echo.payload()).isEqualTo(message);
    }
  }

  @Test
  void slowHandshakesHoldTheBudgetAndThoseBeyondItGet503() throws Exception {
    // Each incomplete head holds 4 x 8 KiB of the budget: two fit in 64 KiB, a third does not.
    server = EventRecorder.server(EventRecorder.ECHO).memoryBudget(64 * 1024).start();
    try (RawPeer slow1 = RawPeer.connect(server.port());
        RawPeer slow2 = RawPeer.connect(server.port())) {
      slow1.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // a head begun, never finished
      slow2.send("GET / HTTP/1.1\r\n");
      for (int i = 0; i < 500 && server.metrics().peerHeldBytes() < 64 * 1024; i++) {
        Thread.sleep(10); // bounded: until both opens ran on the loop
      }
      assertThat(server.metrics().peerHeldBytes()).isEqualTo(64 * 1024);
      try (RawPeer third = RawPeer.connect(server.port())) {
        third.send(RawPeer.upgradeRequest("/", ""));
        RawPeer.Reply reply = third.readReply();
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
      }
    }
    // The slow ones gone, their reservations are back and an honest client is served.
    for (int i = 0; i < 500 && server.metrics().peerHeldBytes() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(server.metrics().peerHeldBytes()).isZero();
    try (RawPeer honest = RawPeer.open(server.port())) {
      honest.sendText("served");
      assertThat(honest.readMessage().text()).isEqualTo("served");
    }
  }
}
