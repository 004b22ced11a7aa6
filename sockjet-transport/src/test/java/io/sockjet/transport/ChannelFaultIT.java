package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One channel's fault never ends its loop; a loop that cannot go on says so; a channel over its
 * high watermark is not read until it drains; the queue gauge sees every byte come and go.
 */
@Timeout(60)
class ChannelFaultIT {
  private final EventLoopGroup group = new EventLoopGroup(1, "fault", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  /** Echoes, except that {@code fatal} throws an OutOfMemoryError as a failed allocation would. */
  private static ChannelHandler echoThatFailsOn(String fatal) {
    return new RecordingHandler() {
      @Override
      public void onRead(Channel channel, ByteBuffer data) {
        String text = StandardCharsets.US_ASCII.decode(data.duplicate()).toString();
        if (text.contains(fatal)) {
          throw new OutOfMemoryError("as this connection's own allocation would");
        }
        channel.write(Ownership.LENT, data);
      }
    };
  }

  @Test
  void anErrorFromOneChannelsHandlerClosesThatChannelAndTheLoopServesTheOthers()
      throws Exception {
    TcpServer server = TcpServer.builder(group, () -> echoThatFailsOn("oom"))
        .bind(Loopback.any());
    try (Socket bystander = Loopback.connect(server.localAddress());
        Socket victim = Loopback.connect(server.localAddress())) {
      victim.getOutputStream().write("oom".getBytes(StandardCharsets.US_ASCII));
      assertThat(victim.getInputStream().read()).as("victim's connection closed").isEqualTo(-1);
      OutputStream out = bystander.getOutputStream();
      out.write("ping".getBytes(StandardCharsets.US_ASCII));
      assertThat(Loopback.readFully(bystander.getInputStream(), 4)).isEqualTo("ping".getBytes());
      try (Socket late = Loopback.connect(server.localAddress())) {
        late.getOutputStream().write("new".getBytes(StandardCharsets.US_ASCII));
        assertThat(Loopback.readFully(late.getInputStream(), 3)).isEqualTo("new".getBytes());
      }
    }
    assertThat(group.failure()).isNotDone();
  }

  @Test
  void aLoopWhoseSelectorBreaksEndsExceptionallyAndTheGroupSaysSo() throws Exception {
    EventLoopGroup broken = new EventLoopGroup(1, "broken", NanoClock.SYSTEM);
    EventLoop loop = broken.loops().get(0);
    loop.breakSelectorForTest();
    Throwable cause = broken.failure().get(10, TimeUnit.SECONDS);
    assertThat(cause).isNotNull();
    assertThat(loop.terminationFuture()).isCompletedExceptionally();
    assertThat(group.failure()).as("another group's loops are not affected").isNotDone();
  }

  @Test
  void aChannelOverItsHighWatermarkIsNotReadUntilItDrains() throws Exception {
    // Answers every byte with 64 bytes, to a peer that does not read: a flood of pings, in kind.
    AtomicLong readByServer = new AtomicLong();
    AtomicLong gauge = new AtomicLong();
    RecordingHandler amplifier = new RecordingHandler() {
      @Override
      void opened(Channel channel) {
        channel.setWriteWatermarks(16 * 1024, 32 * 1024);
        channel.setQueueGauge(gauge::addAndGet);
        channel.holdReadsWhileFull(true);
      }

      @Override
      public void onRead(Channel channel, ByteBuffer data) {
        readByServer.addAndGet(data.remaining());
        while (data.hasRemaining()) {
          data.get();
          channel.write(ByteBuffer.allocate(64));
        }
      }
    };
    TcpServer server = TcpServer.builder(group, () -> amplifier).bind(Loopback.any());
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(4096);
      peer.connect(server.localAddress());
      Channel channel = amplifier.opened.get(10, TimeUnit.SECONDS);
      OutputStream out = peer.getOutputStream();
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[4096];
        try {
          for (int i = 0; i < 64 * 1024; i++) { // up to 256 MiB; blocks long before
            out.write(chunk);
          }
        } catch (java.io.IOException closed) {
          // the test closes the socket to end the blocked write
        }
      }, "flood");
      writer.setDaemon(true);
      writer.start();
      // Let the flood meet the full window, then look: the queue stays near the high watermark
      // plus one read's answers (MAX_READS_PER_EVENT reads stop as soon as it is passed).
      Thread.sleep(1_000);
      long read = readByServer.get();
      Thread.sleep(500);
      assertThat(readByServer.get()).as("nothing read while full").isEqualTo(read);
      assertThat(channel.queuedBytes()).isLessThan(64L * EventLoop.READ_BUFFER_SIZE + 32 * 1024);
      assertThat(gauge.get()).isEqualTo(channel.queuedBytes());
      // The peer reads: the queue drains, reading resumes, and the gauge follows.
      InputStream in = peer.getInputStream();
      byte[] sink = new byte[65536];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (readByServer.get() == read && System.nanoTime() < deadline) {
        in.read(sink);
      }
      assertThat(readByServer.get()).as("read again once drained").isGreaterThan(read);
    }
    RecordingHandler.awaitTrue(() -> gauge.get() == 0, Duration.ofSeconds(10),
        "the gauge back to 0 once the channel closed");
  }
}
