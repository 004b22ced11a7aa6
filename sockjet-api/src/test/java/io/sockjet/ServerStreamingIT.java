package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages too big to hold: received frame by frame, sent from a ChunkProducer. */
@Timeout(60)
class ServerStreamingIT {
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  static byte pattern(long i) {
    return (byte) (i * 31 + (i >> 11));
  }

  @Test
  void frameListenerReceivesAFiveMebibyteMessageInChunksWithoutAssembly() throws Exception {
    int size = 5 << 20;
    AtomicLong received = new AtomicLong();
    AtomicInteger chunks = new AtomicInteger();
    AtomicInteger largestChunk = new AtomicInteger();
    AtomicInteger frameEnds = new AtomicInteger();
    AtomicLong mismatches = new AtomicLong();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    EventRecorder events = new EventRecorder() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.setFrameListener(new FrameListener() {
          @Override
          public void onMessageStart(WebSocket w, boolean text, long firstFrameLength) {
            assertThat(text).isFalse();
          }

          @Override
          public void onChunk(WebSocket w, ByteBuffer chunk) {
            chunks.incrementAndGet();
            largestChunk.accumulateAndGet(chunk.remaining(), Math::max);
            long at = received.get();
            for (int i = chunk.position(); i < chunk.limit(); i++) {
              if (chunk.get(i) != pattern(at++)) {
                mismatches.incrementAndGet();
              }
            }
            received.set(at);
          }

          @Override
          public void onFrameEnd(WebSocket w, boolean last) {
            frameEnds.incrementAndGet();
            if (last) {
              done.complete(true);
            }
          }
        });
        super.onOpen(ws);
      }
    };
    server = EventRecorder.server(events).start();
    byte[] all = new byte[size];
    for (int i = 0; i < size; i++) {
      all[i] = pattern(i);
    }
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      int frame = 1 << 20;
      for (int off = 0; off < size; off += frame) {
        byte[] part = java.util.Arrays.copyOfRange(all, off, off + frame);
        peer.send(RawFrame.of(off == 0 ? 0x2 : 0x0).fin(off + frame >= size).payload(part)
            .mask(RawPeer.MASK));
      }
      assertThat(done.get(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(received.get()).isEqualTo(size);
    assertThat(mismatches.get()).isZero();
    assertThat(frameEnds.get()).isEqualTo(5);
    assertThat(chunks.get()).isGreaterThan(5);
    assertThat(largestChunk.get()).as("chunks are views of reads, not assembled")
        .isLessThan(1 << 20);
    assertThat(events.binaries).as("no whole-message callback").isEmpty();
  }

  @Test
  void sendStreamSendsATwentyMebibyteMessageThatArrivesWhole() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).start();
    long size = 20L << 20;
    int chunk = 64 * 1024;
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      long[] produced = {0};
      byte[] scratch = new byte[chunk];
      CompletableFuture<Void> sent = ws.sendStream(false, () -> {
        if (produced[0] >= size) {
          return null;
        }
        for (int i = 0; i < chunk; i++) {
          scratch[i] = pattern(produced[0] + i);
        }
        produced[0] += chunk;
        return ByteBuffer.wrap(scratch); // reused: the connection must copy what it queues
      });
      RawPeer.Frame message = peer.readMessage();
      sent.get(30, TimeUnit.SECONDS);
      assertThat(message.opcode()).isEqualTo(0x2);
      assertThat(message.payload()).hasSize((int) size);
      for (int i = 0; i < size; i++) {
        if (message.payload()[i] != pattern(i)) {
          throw new AssertionError("byte " + i + " differs");
        }
      }
      ws.sendText("after");
      assertThat(peer.readMessage().text()).isEqualTo("after");
    }
  }

  @Test
  void sendStreamOfTextSendsUtf8Pieces() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      String[] pieces = {"κό", "σμε ", "😀"};
      int[] next = {0};
      ws.sendStream(true, () -> next[0] < pieces.length ? RawPeer.utf8(pieces[next[0]++]) : null)
          .get(10, TimeUnit.SECONDS);
      RawPeer.Frame m = peer.readMessage();
      assertThat(m.opcode()).isEqualTo(0x1);
      assertThat(m.text()).isEqualTo("κόσμε 😀");
    }
  }
}
