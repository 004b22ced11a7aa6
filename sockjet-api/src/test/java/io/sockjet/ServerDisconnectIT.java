package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that vanishes without a closing handshake: onClose(1006) exactly once. */
@Timeout(60)
class ServerDisconnectIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void socketClosedWithoutCloseFrameIs1006Once() throws Exception {
    server = EventRecorder.server(events).start();
    WebSocket ws;
    try (RawPeer peer = RawPeer.open(server.port())) {
      ws = events.awaitOpen();
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    assertThat(ws.closeFuture().get()).isEqualTo(event);
    assertThat(ws.state()).isEqualTo(ReadyState.CLOSED);
    assertThat(ws.sendText("late")).isEqualTo(SendResult.REFUSED);
    events.assertNoMoreCloses();
    assertThat(server.connections()).isEmpty();
  }

  @Test
  void resetConnectionIs1006OnceAndReportsTheIoError() throws Exception {
    server = EventRecorder.server(events).start();
    RawPeer peer = RawPeer.open(server.port());
    events.awaitOpen();
    peer.socket.setSoLinger(true, 0);
    peer.close(); // RST
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    assertThat(events.awaitError()).isInstanceOf(IOException.class);
    events.assertNoMoreCloses();
  }

  @Test
  void abortByThisSideIs1006NotRemote() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      ws.abort();
      assertThat(peer.awaitEof()).isTrue();
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    assertThat(event.remote()).as("this side aborted").isFalse();
    events.assertNoMoreCloses();
  }

  @Test
  void peerThatVanishesIsRemote() throws Exception {
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
    }
    assertThat(events.awaitClose().remote()).isTrue();
  }

  @Test
  void resetWhileTheServerIsSendingIs1006Once() throws Exception {
    server = EventRecorder.server(events).start();
    RawPeer peer = RawPeer.open(server.port());
    WebSocket ws = events.awaitOpen();
    for (int i = 0; i < 20; i++) {
      ws.sendBinary(new byte[64 * 1024]);
    }
    peer.socket.setSoLinger(true, 0);
    peer.close();
    for (int i = 0; i < 20 && ws.isOpen(); i++) {
      ws.sendBinary(new byte[64 * 1024]);
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
    events.assertNoMoreCloses();
    events.discard(); // the reset reaches a write or a read first, as an error or as the end
  }
}
