package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** onBinaryBorrowed: binary messages lent in place, and owned buffers wherever lending is unsafe. */
@Timeout(60)
class BorrowedBinaryIT {
  private static final int MASK = 0x0badf00d;
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  /** Echoes what it is lent, and remembers the buffer objects it was handed. */
  static final class BorrowingEcho implements WebSocketListener {
    final List<ByteBuffer> lent = new CopyOnWriteArrayList<>();

    @Override
    public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
      lent.add(data);
      ws.sendBinary(data);
    }
  }

  private static byte[] random(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  @Test
  void lentMessagesOfEverySizeAndShapeEchoIntact() throws Exception {
    BorrowingEcho echo = new BorrowingEcho();
    server = EventRecorder.server(echo).start();
    Random random = new Random(7);
    List<byte[]> sent = new ArrayList<>();
    try (RawPeer peer = RawPeer.open(server.port())) {
      // Small ones (several per read, in the thread's buffer), one past the thread's buffer,
      // and one fragmented across frames sent one by one.
      for (int size : new int[] {0, 1, 125, 126, 4096, 70_000, 20}) {
        byte[] payload = random(random, size);
        sent.add(payload);
        peer.send(RawFrame.of(0x2).payload(payload).mask(MASK));
      }
      byte[] whole = random(random, 3000);
      sent.add(whole);
      peer.send(RawFrame.of(0x2).fin(false).payload(java.util.Arrays.copyOfRange(whole, 0, 1000)).mask(MASK));
      peer.send(RawFrame.of(0x0).fin(false).payload(java.util.Arrays.copyOfRange(whole, 1000, 2000)).mask(MASK));
      peer.send(RawFrame.of(0x0).payload(java.util.Arrays.copyOfRange(whole, 2000, 3000)).mask(MASK));
      for (byte[] expected : sent) {
        RawPeer.Frame echoed = peer.readMessage();
        assertThat(echoed.opcode()).isEqualTo(0x2);
        assertThat(echoed.payload()).isEqualTo(expected);
      }
    }
    // Messages gathered in the loop thread's buffer were lent through one reused buffer object.
    assertThat(echo.lent.stream().distinct().count()).isLessThan(echo.lent.size());
  }

  @Test
  void aListenerThatKeepsBuffersGetsItsOwnWhateverElseIsRegistered() throws Exception {
    List<ByteBuffer> kept = new CopyOnWriteArrayList<>();
    WebSocketListener keeper = new WebSocketListener() {
      @Override
      public void onBinary(WebSocket ws, ByteBuffer data) {
        kept.add(data);
      }
    };
    List<ByteBuffer> borrowed = new CopyOnWriteArrayList<>();
    WebSocketListener borrower = new WebSocketListener() {
      @Override
      public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
        borrowed.add(data);
      }
    };
    server = EventRecorder.server(keeper).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      // A second listener that borrows: with two listeners nobody is lent, each gets its own.
      long opened = System.nanoTime() + 20_000_000_000L;
      while (server.connections().isEmpty() && System.nanoTime() < opened) {
        Thread.sleep(10);
      }
      server.connections().get(0).addListener(borrower);
      for (int i = 0; i < 50; i++) {
        peer.send(RawFrame.of(0x2).payload(new byte[] {(byte) i, (byte) (i + 1)}).mask(MASK));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (kept.size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(kept).hasSize(50);
    for (int i = 0; i < 50; i++) {
      ByteBuffer b = kept.get(i);
      assertThat(b.remaining()).isEqualTo(2);
      assertThat(b.get(b.position())).isEqualTo((byte) i); // not overwritten by later messages
      assertThat(b.get(b.position() + 1)).isEqualTo((byte) (i + 1));
    }
    assertThat(borrowed).hasSize(50);
    assertThat(borrowed.stream().distinct().count()).isEqualTo(50);
    assertThat(borrowed.get(0).get(borrowed.get(0).position())).isZero();
  }

  @Test
  void withAHandlerExecutorTheBorrowerGetsACopyThatOutlivesTheCall() throws Exception {
    List<ByteBuffer> seen = new CopyOnWriteArrayList<>();
    WebSocketListener borrower = new WebSocketListener() {
      @Override
      public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
        seen.add(data);
      }
    };
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      server = EventRecorder.server(borrower).executor(executor).start();
      try (RawPeer peer = RawPeer.open(server.port())) {
        for (int i = 0; i < 50; i++) {
          peer.send(RawFrame.of(0x2).payload(new byte[] {(byte) i}).mask(MASK));
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (seen.size() < 50 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
      assertThat(seen).hasSize(50);
      for (int i = 0; i < 50; i++) {
        assertThat(seen.get(i).get(seen.get(i).position())).isEqualTo((byte) i);
      }
      assertThat(seen.stream().distinct().count()).isEqualTo(50);
    } finally {
      executor.shutdownNow();
    }
  }
}
