package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelBackpressureIT {
  private static final int CHUNK_LONGS = 8192; // 64 KiB per write
  private static final int LOW = 64 * 1024;
  private static final int HIGH = 256 * 1024;
  /** Upper bound of the write loop: far beyond what loopback socket buffers can hold. */
  private static final int MAX_CHUNKS = 2048;

  private final EventLoopGroup group = new EventLoopGroup(1, "bp", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  @Test
  void queueGrowsWhilePeerDoesNotReadAndDrainsInOrderOnceItDoes() throws Exception {
    CompletableFuture<Void> unwritable = new CompletableFuture<>();
    CompletableFuture<Void> writableAgain = new CompletableFuture<>();
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          void opened(Channel channel) {
            channel.setWriteWatermarks(LOW, HIGH);
          }

          @Override
          public void onWritabilityChanged(Channel channel, boolean writable) {
            super.onWritabilityChanged(channel, writable);
            (writable ? writableAgain : unwritable).complete(null);
          }
        };
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(4096);
      peer.setSoTimeout(Loopback.SO_TIMEOUT_MS);
      peer.connect(server.localAddress());
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);

      long next = 0;
      int chunks = 0;
      while (!unwritable.isDone() && chunks < MAX_CHUNKS) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_LONGS * Long.BYTES);
        for (int i = 0; i < CHUNK_LONGS; i++) {
          chunk.putLong(next++);
        }
        assertThat(channel.write(chunk.flip())).isEqualTo(WriteResult.QUEUED); // off the loop
        chunks++;
        if (chunks % 16 == 0) {
          channel.whenFlushed(); // lets the loop catch up without waiting for the peer
          Thread.sleep(1);
        }
      }
      unwritable.get(20, TimeUnit.SECONDS);
      assertThat(channel.isWritable()).isFalse();
      assertThat(channel.queuedBytes()).isGreaterThan(HIGH);
      CompletableFuture<Void> flushed = channel.whenFlushed();
      assertThat(flushed).isNotDone();

      DataInputStream in = new DataInputStream(peer.getInputStream());
      for (long expected = 0; expected < next; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      flushed.get(20, TimeUnit.SECONDS);
      writableAgain.get(20, TimeUnit.SECONDS);
      assertThat(channel.isWritable()).isTrue();
      assertThat(channel.queuedBytes()).isZero();
      assertThat(handler.writability()).containsExactly(false, true);
      assertThat(channel.bytesWritten()).isEqualTo(next * Long.BYTES);

      channel.close();
      assertThat(in.read()).isEqualTo(-1); // nothing extra, nothing duplicated
    }
    assertThat(handler.violation).isNull();
  }

  @Test
  void whenFlushedFailsIfTheChannelClosesFirst() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(4096);
      peer.connect(server.localAddress());
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      channel.write(ByteBuffer.allocate(32 * 1024 * 1024));
      CompletableFuture<Void> flushed = channel.whenFlushed();
      channel.abort();
      assertThat(flushed)
          .failsWithin(20, TimeUnit.SECONDS)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
      assertThat(channel.write(ByteBuffer.allocate(1))).isEqualTo(WriteResult.CLOSED);
    }
  }

  @Test
  void gracefulCloseGivesUpAfterItsTimeoutWhenThePeerNeverReads() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(4096);
      peer.connect(server.localAddress());
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      channel.write(ByteBuffer.allocate(32 * 1024 * 1024));
      channel.close(java.time.Duration.ofMillis(200));
      assertThat(handler.closed.get(20, TimeUnit.SECONDS))
          .isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }
}
