package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's timers: handshake (slowloris), closing handshake, keepalive and idle. Timeouts are
 * short so the tests are fast; assertions are about what happens, never how fast.
 */
@Timeout(60)
class ServerTimeoutsIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void slowlorisIsDroppedAfterTheHandshakeTimeout() throws Exception {
    server = EventRecorder.server(events).handshakeTimeout(Duration.ofMillis(300)).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send("GET /chat HT");
      assertThat(peer.awaitEof()).as("the server drops the socket without an answer").isTrue();
    }
    assertThat(events.opened).isEmpty();
  }

  @Test
  void peerThatNeverAnswersTheCloseFrameIsDroppedAfterTheCloseTimeout() throws Exception {
    server = EventRecorder.server(events).closeTimeout(Duration.ofMillis(300)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      ws.close(1000, "done");
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(close.closeReason()).isEqualTo("done");
      assertThat(ws.state()).isIn(ReadyState.CLOSING, ReadyState.CLOSED);
      // The peer stays silent: the server gives up on the handshake and drops the socket.
      assertThat(peer.awaitEof()).isTrue();
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    assertThat(events.awaitError()).isInstanceOf(TimeoutException.class);
    events.assertNoMoreCloses();
  }

  @Test
  void keepalivePingsASilentPeerAndDropsItWhenNothingComesBack() throws Exception {
    server = EventRecorder.server(events)
        .keepalive(Duration.ofMillis(200), Duration.ofMillis(300)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      RawPeer.Frame ping = peer.readFrame();
      assertThat(ping.opcode()).isEqualTo(0x9);
      assertThat(peer.awaitEof()).as("dropped after the pong timeout").isTrue();
    }
    assertThat(events.awaitError()).isInstanceOf(TimeoutException.class);
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    assertThat(event.remote()).as("this side gave up on the peer").isFalse();
    events.assertNoMoreCloses();
  }

  @Test
  void keepaliveKeepsAPeerThatAnswersPings() throws Exception {
    server = EventRecorder.server(events)
        .keepalive(Duration.ofMillis(100), Duration.ofMillis(300)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      for (int i = 0; i < 3; i++) {
        RawPeer.Frame ping = peer.readFrame();
        assertThat(ping.opcode()).isEqualTo(0x9);
        peer.send(io.sockjet.testkit.RawFrame.of(0xA).payload(ping.payload()).mask(RawPeer.MASK));
      }
      assertThat(ws.isOpen()).isTrue();
      assertThat(events.errors).isEmpty();
    }
  }

  @Test
  void withKeepaliveOnTheCloseTimeoutStillDropsASilentPeerAndNoPingFollowsTheClose()
      throws Exception {
    // One timer serves the keepalive check and then the close timeout: closing must replace the
    // check, not be lost behind it (the pong timeout here is far longer than the close timeout).
    server = EventRecorder.server(events).closeTimeout(Duration.ofMillis(300))
        .keepalive(Duration.ofMillis(100), Duration.ofSeconds(30)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      ws.close(1000, "done");
      assertThat(peer.readClose().closeCode()).isEqualTo(1000);
      assertThat(peer.awaitEof()).as("nothing after the close frame, then EOF").isTrue();
    }
    assertThat(events.awaitError()).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("closing handshake");
    assertThat(events.awaitClose().code()).isEqualTo(1006);
    events.assertNoMoreCloses();
  }

  @Test
  void idleCloseOfASilentPeerIsBoundedByTheCloseTimeout() throws Exception {
    server = EventRecorder.server(events).closeTimeout(Duration.ofMillis(300))
        .idleTimeout(Duration.ofMillis(200)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      assertThat(peer.readClose().closeCode()).isEqualTo(1001);
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.awaitError()).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("closing handshake");
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
  }

  @Test
  void idleConnectionIsClosedWith1001() throws Exception {
    server = EventRecorder.server(events).idleTimeout(Duration.ofMillis(300)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1001);
      peer.sendClose(1001, "");
      assertThat(peer.awaitEof()).isTrue();
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1001);
    assertThat(event.clean()).isTrue();
    assertThat(event.remote()).isFalse();
  }
}
