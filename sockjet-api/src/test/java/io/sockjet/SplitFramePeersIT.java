package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack on kept read buffers: peers that send the first half of a large frame and stop. A
 * loop lends at most 16 buffers for frames split across reads; more such peers than that are
 * handled as before (their bytes go to a buffer of the message's own), the others are served
 * meanwhile, and keepalive drops the stalled ones, which gives their buffers back.
 */
@Timeout(60)
class SplitFramePeersIT {
  private static final int MASK = 0x5eed1e55;

  /** Echoes every binary message from the bytes it is lent, where they were read. */
  private static final WebSocketListener ECHO = new WebSocketListener() {
    @Override
    public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
      ws.sendBinary(data);
    }
  };
  private WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void peersStalledInsideFramesAreDroppedAndTheOthersServed() throws Exception {
    server = EventRecorder.server(ECHO)
        .keepalive(Duration.ofMillis(300), Duration.ofMillis(300)).start();
    byte[] payload = new byte[100_000];
    Arrays.fill(payload, (byte) 's');
    byte[] wire = RawFrame.of(0x2).payload(payload).mask(MASK).bytes();
    int half = wire.length / 2;
    // 40 over 2 loops: more than the 16 buffers either loop lends.
    List<RawPeer> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        RawPeer peer = RawPeer.open(server.port());
        stalled.add(peer);
        peer.send(Arrays.copyOf(wire, half));
      }
      try (RawPeer honest = RawPeer.open(server.port())) {
        for (int i = 0; i < 20; i++) {
          honest.send(Arrays.copyOf(wire, half));
          Thread.sleep(2);
          honest.send(Arrays.copyOfRange(wire, half, wire.length));
          assertThat(honest.readMessage().payload()).isEqualTo(payload);
        }
      }
      for (RawPeer peer : stalled) {
        assertThat(peer.drainToEof()).as("a stalled peer is pinged, then dropped by keepalive").isTrue();
      }
      // Everything the stalled peers held is back: new peers split frames and are echoed.
      try (RawPeer late = RawPeer.open(server.port())) {
        late.send(Arrays.copyOf(wire, half));
        Thread.sleep(2);
        late.send(Arrays.copyOfRange(wire, half, wire.length));
        assertThat(late.readMessage().payload()).isEqualTo(payload);
      }
      assertThat(server.metrics().peerHeldBytes()).as("no message is held for a peer").isZero();
    } finally {
      for (RawPeer peer : stalled) {
        peer.close();
      }
    }
  }

  @Test
  void aFrameKeptAcrossReadsIsCountedOnceInBytesIn() throws Exception {
    server = EventRecorder.server(ECHO).start();
    byte[] payload = new byte[100_000];
    byte[] wire = RawFrame.of(0x2).payload(payload).mask(MASK).bytes();
    try (RawPeer peer = RawPeer.open(server.port())) {
      long before = server.metrics().bytesIn();
      peer.send(Arrays.copyOf(wire, wire.length / 2));
      Thread.sleep(20);
      peer.send(Arrays.copyOfRange(wire, wire.length / 2, wire.length));
      assertThat(peer.readMessage().payload()).hasSize(payload.length);
      assertThat(server.metrics().bytesIn() - before).isEqualTo(wire.length);
    }
  }
}
