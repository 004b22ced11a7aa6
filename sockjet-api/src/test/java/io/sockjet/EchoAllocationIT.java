package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the server's event loop allocates per echoed message, once the JIT has compiled the path
 * (escape analysis removes what the interpreter would allocate): nothing for a binary message
 * lent to {@code onBinaryBorrowed}, and only the received {@code String} for a text message.
 * Measured with the loop thread's own allocation counter, so the test client's allocations do not
 * count; the bounds leave room for a rare stray allocation, far below one object per message.
 */
@Timeout(120)
class EchoAllocationIT {
  private static final int MASK = 0x1badb002;
  private static final int WARM_UP = 30_000;
  private static final int MEASURED = 20_000;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private WebSocketServer server;
  private volatile long loopThreadId;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void aBorrowedBinaryEchoAllocatesNothingPerMessage() throws Exception {
    server = borrowingEchoServer();
    for (int size : new int[] {512, 4096}) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) 'b');
      double perMessage = bytesPerEcho(RawFrame.of(0x2).payload(payload).mask(MASK), size);
      assertThat(perMessage).as("bytes allocated per %d-byte binary echo", size).isLessThan(8);
    }
  }

  @Test
  void aLargeFrameSplitAcrossReadsIsEchoedWithoutACopyOfItsOwn() throws Exception {
    server = borrowingEchoServer();
    int size = 64 * 1024;
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'L');
    byte[] wire = RawFrame.of(0x2).payload(payload).mask(MASK).bytes();
    int cut = wire.length / 2;
    try (RawPeer peer = RawPeer.open(server.port())) {
      int warmUp = 4_000;
      int measured = 2_000;
      long before = 0;
      for (int i = 0; i < warmUp + measured; i++) {
        if (i == warmUp) {
          before = threads.getThreadAllocatedBytes(loopThreadId);
        }
        // Half the frame, a pause in which the server reads it, then the rest.
        peer.send(Arrays.copyOf(wire, cut));
        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        peer.send(Arrays.copyOfRange(wire, cut, wire.length));
        if (peer.readMessage().payload().length != size) {
          throw new AssertionError("short echo");
        }
      }
      double perMessage = (threads.getThreadAllocatedBytes(loopThreadId) - before)
          / (double) measured;
      // Before the read buffer was kept, each such frame cost a 64 KiB array (and a copy).
      assertThat(perMessage).as("bytes allocated per split 64 KiB echo").isLessThan(1024);
    }
  }

  @Test
  void aTextEchoAllocatesOnlyTheReceivedString() throws Exception {
    server = EventRecorder.server(new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        loopThreadId = Thread.currentThread().getId();
        ws.sendText(text);
      }
    }).start();
    byte[] payload = "thirty-two bytes of a text frame".getBytes(StandardCharsets.UTF_8);
    double perMessage = bytesPerEcho(RawFrame.of(0x1).payload(payload).mask(MASK), payload.length);
    // A compact Latin-1 String: a 24-byte object and a 16-byte array header with 32 bytes.
    long string = 24 + 16 + payload.length;
    assertThat(perMessage).as("bytes allocated per 32-byte text echo").isLessThan(string + 8);
  }

  /** A server echoing every binary message from the bytes it is lent, noting the loop thread. */
  private WebSocketServer borrowingEchoServer() throws Exception {
    return EventRecorder.server(new WebSocketListener() {
      @Override
      public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
        loopThreadId = Thread.currentThread().getId();
        ws.sendBinary(data);
      }
    }).start();
  }

  /** Warms the path up, then echoes {@link #MEASURED} messages and divides the loop's bytes. */
  private double bytesPerEcho(RawFrame frame, int size) throws Exception {
    try (RawPeer peer = RawPeer.open(server.port())) {
      for (int i = 0; i < WARM_UP; i++) {
        echo(peer, frame, size);
      }
      long before = threads.getThreadAllocatedBytes(loopThreadId);
      for (int i = 0; i < MEASURED; i++) {
        echo(peer, frame, size);
      }
      long after = threads.getThreadAllocatedBytes(loopThreadId);
      assertThat(before).as("the loop thread's allocation counter").isNotNegative();
      return (after - before) / (double) MEASURED;
    }
  }

  private static void echo(RawPeer peer, RawFrame frame, int size) throws Exception {
    peer.send(frame);
    RawPeer.Frame echoed = peer.readMessage();
    if (echoed.payload().length != size) {
      throw new AssertionError("echo of " + echoed.payload().length + " bytes, sent " + size);
    }
  }
}
