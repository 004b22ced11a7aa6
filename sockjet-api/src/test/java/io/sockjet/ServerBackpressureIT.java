package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that stops reading while the server sends: the queue stays bounded, the overflow policy
 * decides what happens beyond it, and with REFUSE everything accepted arrives once the peer reads.
 */
@Timeout(60)
class ServerBackpressureIT {
  static final int MESSAGE = 64 * 1024;
  static final long CAP = 1L << 20;
  /** Bounds the burst: far more than kernel buffers plus the cap hold on loopback. */
  static final int MAX_BURST = 2000;

  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  /** What a burst of sends on the loop saw. */
  record Burst(List<Integer> accepted, List<SendResult> results, long maxQueued) {}

  /** On "go", sends numbered 64 KiB messages from the loop until a few are refused. */
  static final class Sender extends EventRecorder {
    final CompletableFuture<Burst> burst = new CompletableFuture<>();

    @Override
    public void onText(WebSocket ws, String text) {
      super.onText(ws, text);
      if (!text.equals("go")) {
        return;
      }
      List<Integer> accepted = new ArrayList<>();
      List<SendResult> results = new ArrayList<>();
      long maxQueued = 0;
      int refused = 0;
      byte[] payload = new byte[MESSAGE];
      for (int i = 0; i < MAX_BURST && refused < 5; i++) {
        ByteBuffer.wrap(payload).putInt(i);
        SendResult r = ws.sendBinary(payload);
        results.add(r);
        if (r == SendResult.REFUSED) {
          refused++;
        } else {
          accepted.add(i);
        }
        maxQueued = Math.max(maxQueued, ws.queuedBytes());
      }
      burst.complete(new Burst(accepted, results, maxQueued));
    }
  }

  private RawPeer slowPeer() throws Exception {
    RawPeer peer = RawPeer.connect(new InetSocketAddress("127.0.0.1", server.port()), 16 * 1024);
    assertThat(peer.upgrade("/", "").status()).isEqualTo(101);
    return peer;
  }

  @Test
  void refusePolicyBoundsTheQueueAndDeliversEveryAcceptedMessageInOrder() throws Exception {
    Sender sender = new Sender();
    server = EventRecorder.server(sender).maxQueuedBytes(CAP).lowWaterMark(MESSAGE)
        .overflowPolicy(OverflowPolicy.REFUSE).start();
    try (RawPeer peer = slowPeer()) {
      WebSocket ws = sender.awaitOpen();
      peer.sendText("go");
      Burst burst = sender.burst.get(30, TimeUnit.SECONDS);
      assertThat(sender.awaitText()).isEqualTo("go");
      assertThat(burst.results()).contains(SendResult.REFUSED);
      assertThat(burst.maxQueued()).isLessThanOrEqualTo(CAP + MESSAGE + 14);
      assertThat(ws.isOpen()).as("REFUSE keeps the connection").isTrue();
      assertThat(sender.drains).isEmpty();

      // The peer reads again: every accepted message, in order, none lost, none extra.
      for (int expected : burst.accepted()) {
        RawPeer.Frame m = peer.readMessage();
        assertThat(m.opcode()).isEqualTo(0x2);
        assertThat(m.payload()).hasSize(MESSAGE);
        assertThat(ByteBuffer.wrap(m.payload()).getInt()).isEqualTo(expected);
      }
      assertThat(sender.drains.poll(10, TimeUnit.SECONDS)).as("onDrain").isSameAs(ws);
      ws.flushed().get(10, TimeUnit.SECONDS);
      assertThat(ws.queuedBytes()).isZero();
      ws.sendText("end");
      assertThat(peer.readMessage().text()).isEqualTo("end");
    }
  }

  @Test
  void closePolicyClosesWith1008WhenTheQueueOverflows() throws Exception {
    Sender sender = new Sender();
    server = EventRecorder.server(sender).maxQueuedBytes(CAP).lowWaterMark(MESSAGE)
        .closeTimeout(Duration.ofSeconds(10)).overflowPolicy(OverflowPolicy.CLOSE).start();
    try (RawPeer peer = slowPeer()) {
      WebSocket ws = sender.awaitOpen();
      peer.sendText("go");
      Burst burst = sender.burst.get(30, TimeUnit.SECONDS);
      assertThat(sender.awaitText()).isEqualTo("go");
      int firstRefused = burst.results().indexOf(SendResult.REFUSED);
      assertThat(firstRefused).isPositive();
      assertThat(burst.results().subList(firstRefused, burst.results().size()))
          .as("nothing is accepted after the overflow").containsOnly(SendResult.REFUSED);
      assertThat(burst.maxQueued()).isLessThanOrEqualTo(CAP + MESSAGE + 14);
      assertThat(ws.state()).isEqualTo(ReadyState.CLOSING);
      // The accepted messages come first, then the close frame.
      int messages = 0;
      RawPeer.Frame f;
      for (f = peer.readFrame(); f.opcode() != 0x8; f = peer.readFrame()) {
        if (f.fin()) {
          messages++;
        }
      }
      assertThat(messages).isEqualTo(burst.accepted().size());
      assertThat(f.closeCode()).isEqualTo(1008);
      peer.sendClose(1008, "");
      assertThat(peer.awaitEof()).isTrue();
    }
    CloseEvent event = sender.awaitClose();
    assertThat(event.code()).isEqualTo(1008);
    assertThat(event.remote()).isFalse();
  }

  @Test
  void offLoopSendsAreRefusedOverTheCap() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).maxQueuedBytes(CAP).lowWaterMark(MESSAGE)
        .overflowPolicy(OverflowPolicy.REFUSE).start();
    try (RawPeer peer = slowPeer()) {
      WebSocket ws = events.awaitOpen();
      byte[] payload = new byte[MESSAGE];
      int accepted = 0;
      boolean refused = false;
      for (int i = 0; i < MAX_BURST && !refused; i++) {
        ByteBuffer.wrap(payload).putInt(i);
        SendResult r = ws.sendBinary(payload);
        assertThat(r).isNotEqualTo(SendResult.WRITTEN);
        if (r == SendResult.REFUSED) {
          refused = true;
        } else {
          accepted++;
        }
        assertThat(ws.queuedBytes()).isLessThanOrEqualTo(CAP + MESSAGE + 14);
        if (i % 16 == 15) {
          Thread.sleep(5); // let the loop write what the socket takes
        }
      }
      assertThat(refused).isTrue();
      for (int i = 0; i < accepted; i++) {
        assertThat(ByteBuffer.wrap(peer.readMessage().payload()).getInt()).isEqualTo(i);
      }
      ws.flushed().get(10, TimeUnit.SECONDS);
      assertThat(ws.isOpen()).isTrue();
      // Every off-loop send, accepted or refused, took its bytes back out of the in-flight count.
      assertThat(ws.queuedBytes()).isZero();
    }
  }
}
