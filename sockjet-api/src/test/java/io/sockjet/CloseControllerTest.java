package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every close goes through one place and is reported once: by the user (from many threads at
 * once), by the peer, by a protocol violation, by a listener that throws, by a limit of the
 * server's. Timers run on a clock the test moves.
 */
@Timeout(60)
class CloseControllerTest {
  private final ManualClock clock = new ManualClock();
  private final EventRecorder events = new EventRecorder();
  private WebSocketServer server;

  @AfterEach
  void stop() throws Exception {
    clock.stop(server);
  }

  private WebSocketServer.Builder server() {
    return clock.server(events).noKeepalive();
  }

  @Test
  void closesFromManyThreadsAtOnceSendOneFrameAndReportOnce() throws Exception {
    server = server().start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      List<String> order = new CopyOnWriteArrayList<>();
      ws.addListener(new WebSocketListener() {
        @Override
        public void onClose(WebSocket w, CloseEvent event) {
          order.add("listener");
        }
      });
      CountDownLatch go = new CountDownLatch(1);
      Thread[] closers = new Thread[8];
      for (int i = 0; i < closers.length; i++) {
        int code = 4000 + i;
        closers[i] = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          ws.close(code, "closer " + code);
        });
        closers[i].start();
      }
      go.countDown();
      for (Thread t : closers) {
        t.join(10_000);
      }
      clock.settle();
      RawPeer.Frame close = peer.readClose();
      int code = close.closeCode();
      assertThat(code).isBetween(4000, 4007);
      ws.closeFuture().thenRun(() -> order.add("future"));
      peer.sendClose(code, "");
      assertThat(peer.drainToEof()).as("no second close frame, then EOF").isTrue();
      CloseEvent event = events.awaitClose();
      assertThat(event.code()).isEqualTo(code);
      assertThat(event.clean()).isTrue();
      assertThat(event.remote()).isFalse();
      events.assertNoMoreCloses();
      assertThat(ws.closeFuture().get(5, TimeUnit.SECONDS)).isEqualTo(event);
      assertThat(order).containsExactly("listener", "future");
    }
  }

  @Test
  void thePeersCloseIsEchoedAndReportedAsRemote() throws Exception {
    server = server().start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      peer.sendClose(1001, "leaving");
      assertThat(peer.readClose().closeCode()).isEqualTo(1001);
      assertThat(peer.drainToEof()).as("the server closes TCP first (RFC 6455 §7.1.1)").isTrue();
      CloseEvent event = events.awaitClose();
      assertThat(event).isEqualTo(new CloseEvent(1001, "leaving", true, true));
      events.assertNoMoreCloses();
      assertThat(ws.state()).isEqualTo(ReadyState.CLOSED);
    }
  }

  @Test
  void aProtocolViolationClosesWithItsCodeAndReportsOneError() throws Exception {
    server = server().start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.send(RawFrame.of(0x1).rsv(4).payload("x").mask(RawPeer.MASK)); // RSV1, no extension
      assertThat(peer.readClose().closeCode()).isEqualTo(1002);
      assertThat(events.awaitError()).isInstanceOf(WebSocketProtocolException.class);
      assertThat(events.awaitClose().code()).isEqualTo(1002);
      events.assertNoMoreCloses();
      assertThat(events.errors).isEmpty();
    }
  }

  @Test
  void twoListenersThatThrowCloseWith1011Once() throws Exception {
    WebSocketListener thrower = new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        throw new IllegalStateException("a bug in the application");
      }
    };
    server = server().start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      ws.addListener(thrower);
      ws.addListener(thrower);
      peer.sendText("boom");
      assertThat(peer.readClose().closeCode()).isEqualTo(1011);
      peer.sendClose(1011, "");
      assertThat(peer.drainToEof()).isTrue();
      assertThat(events.awaitClose().code()).isEqualTo(1011);
      events.assertNoMoreCloses();
      assertThat(events.awaitText()).as("the recorder heard it before the throwers").isEqualTo("boom");
    }
  }

  @Test
  void aMessageTheBudgetCannotHoldClosesWith1009AndStopsReading() throws Exception {
    // 40 KiB: room for one incomplete handshake head (32 KiB) and 8 KiB more.
    server = server().memoryBudget(40 * 1024).start();
    try (RawPeer peer = RawPeer.open(server.port());
        RawPeer slow = RawPeer.connect(server.port())) {
      events.awaitOpen();
      slow.send("GET / HTTP/1.1\r\n"); // holds 32 KiB while its head is incomplete
      clock.settle();
      assertThat(server.metrics().peerHeldBytes()).isEqualTo(32 * 1024);
      // 300 KiB announced, 100 bytes sent: more than a read buffer keeps whole (256 KiB), so the
      // message needs a buffer of its own (its first 64 KiB) and the budget has 8 KiB. (A frame
      // that fits is kept in the loop's read buffer until it is whole, which the budget does not
      // count: the loop lends a bounded number of those.)
      byte[] start = RawFrame.of(0x2).declaredLength(300 * 1024).mask(RawPeer.MASK).bytes();
      peer.send(java.util.Arrays.copyOf(start, start.length + 100));
      assertThat(peer.readClose().closeCode()).isEqualTo(1009);
      assertThat(peer.drainToEof()).as("not waiting for the rest of the input").isTrue();
      assertThat(events.awaitError()).isInstanceOf(WebSocketProtocolException.class);
      assertThat(events.awaitClose().code()).isEqualTo(1009);
      assertThat(server.metrics().peerHeldBytes()).as("only the slow head's").isEqualTo(32 * 1024);
    }
  }
}
