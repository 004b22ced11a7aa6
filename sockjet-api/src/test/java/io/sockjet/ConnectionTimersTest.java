package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's deadlines on a clock the test moves: keepalive, the dribbling peer, the idle
 * and message timeouts, the closing handshake's deadline. No test sleeps; every "nothing
 * happened" is read from the server's own state or a short socket read timeout.
 */
@Timeout(60)
class ConnectionTimersTest {
  private final ManualClock clock = new ManualClock();
  private final EventRecorder events = new EventRecorder();
  private WebSocketServer server;

  @AfterEach
  void stop() throws Exception {
    clock.stop(server);
  }

  private WebSocketServer.Builder server() {
    return clock.server(events).closeTimeout(Duration.ofSeconds(5));
  }

  private static void assertNothingArrives(RawPeer peer) throws Exception {
    peer.socket.setSoTimeout(150);
    try {
      RawPeer.Frame f = peer.readFrame();
      throw new AssertionError("unexpected frame, opcode " + f.opcode());
    } catch (SocketTimeoutException expected) {
      // nothing came
    } finally {
      peer.socket.setSoTimeout(RawPeer.READ_TIMEOUT_MS);
    }
  }

  @Test
  void aSilentPeerIsPingedAfterTheIntervalAndDroppedWhenItStaysSilent() throws Exception {
    server = server().keepalive(Duration.ofSeconds(20), Duration.ofSeconds(20)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      clock.advance(Duration.ofSeconds(19));
      assertNothingArrives(peer);
      clock.advance(Duration.ofSeconds(1));
      assertThat(peer.readFrame().opcode()).as("a ping after 20 s").isEqualTo(0x9);
      clock.advance(Duration.ofSeconds(19));
      assertThat(ws.state()).isEqualTo(ReadyState.OPEN);
      clock.advance(Duration.ofSeconds(1));
      assertThat(peer.drainToEof()).as("dropped 20 s after the ping").isTrue();
      assertThat(events.awaitError()).isInstanceOf(TimeoutException.class);
      CloseEvent close = events.awaitClose();
      assertThat(close.code()).isEqualTo(1006);
      assertThat(close.remote()).isFalse();
    }
  }

  @Test
  void aPeerThatAnswersKeepsItsConnection() throws Exception {
    server = server().keepalive(Duration.ofSeconds(20), Duration.ofSeconds(20)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      clock.advance(Duration.ofSeconds(20));
      assertThat(peer.readFrame().opcode()).isEqualTo(0x9);
      for (int round = 0; round < 3; round++) {
        peer.send(RawFrame.of(0xA).mask(RawPeer.MASK)); // the pong
        clock.settle();
        clock.advance(Duration.ofSeconds(19));
        assertThat(ws.state()).isEqualTo(ReadyState.OPEN);
        assertNothingArrives(peer);
        clock.advance(Duration.ofSeconds(1)); // 20 s since the pong: the next ping
        assertThat(peer.readFrame().opcode()).isEqualTo(0x9);
      }
      assertThat(ws.state()).isEqualTo(ReadyState.OPEN);
    }
  }

  @Test
  void bytesDribbledIntoAFrameDoNotCountAsAnAnswer() throws Exception {
    server = server().keepalive(Duration.ofSeconds(20), Duration.ofSeconds(20)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      byte[] frame = RawFrame.of(0x1).payload(new byte[100]).mask(RawPeer.MASK).bytes();
      peer.send(Arrays.copyOf(frame, 6)); // a frame begins
      for (int second = 1; second <= 40; second++) {
        peer.send(new byte[] {frame[5 + second]}); // a byte a second
        clock.settle();
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(peer.readFrame().opcode()).as("pinged despite the bytes").isEqualTo(0x9);
      assertThat(peer.drainToEof()).as("dropped at 40 s despite the bytes").isTrue();
      assertThat(events.awaitClose().code()).isEqualTo(1006);
      assertThat(events.awaitError()).hasMessageContaining("no answer to a keepalive ping");
    }
  }

  @Test
  void anIdleConnectionIsClosedWith1001() throws Exception {
    server = server().noKeepalive().idleTimeout(Duration.ofMinutes(5)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      clock.advance(Duration.ofMinutes(4));
      peer.sendText("still here");
      clock.settle();
      clock.advance(Duration.ofMinutes(4)); // 4 min since the last frame: not idle yet
      assertNothingArrives(peer);
      clock.advance(Duration.ofMinutes(1));
      assertThat(peer.readClose().closeCode()).isEqualTo(1001);
      assertThat(events.awaitText()).isEqualTo("still here");
    }
  }

  @Test
  void aMessageNotFinishedInTimeIsClosedWith1008() throws Exception {
    server = server().noKeepalive().messageTimeout(Duration.ofSeconds(30)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.send(RawFrame.of(0x1).fin(false).payload("part one, ").mask(RawPeer.MASK));
      clock.settle(); // read at 0 s: the message's time starts
      clock.advance(Duration.ofSeconds(20));
      peer.send(RawFrame.of(0x0).fin(false).payload("part two, ").mask(RawPeer.MASK));
      clock.settle();
      clock.advance(Duration.ofSeconds(9));
      assertNothingArrives(peer); // 29 s into the message
      clock.advance(Duration.ofSeconds(1));
      assertThat(peer.readClose().closeCode()).isEqualTo(1008);
      assertThat(events.awaitError()).isInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void finishedMessagesResetTheMessageTimeout() throws Exception {
    server = server().noKeepalive().messageTimeout(Duration.ofSeconds(30)).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      for (int i = 0; i < 5; i++) {
        peer.sendText("whole " + i);
        clock.settle();
        clock.advance(Duration.ofSeconds(25));
        assertThat(events.awaitText()).isEqualTo("whole " + i);
      }
      assertThat(ws.state()).isEqualTo(ReadyState.OPEN);
    }
  }

  @Test
  void aPeerThatNeverAnswersOurCloseIsDroppedAtTheDeadlineWith1006() throws Exception {
    server = server().noKeepalive().start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      ws.close(1000, "bye");
      clock.settle();
      assertThat(peer.readClose().closeCode()).isEqualTo(1000);
      clock.advance(Duration.ofSeconds(4));
      assertThat(ws.state()).isEqualTo(ReadyState.CLOSING);
      clock.advance(Duration.ofSeconds(1));
      assertThat(peer.drainToEof()).isTrue();
      CloseEvent close = events.awaitClose();
      assertThat(close.clean()).isFalse();
      assertThat(ws.state()).isEqualTo(ReadyState.CLOSED);
      assertThat(events.awaitError()).hasMessageContaining("closing handshake not completed");
    }
  }
}
