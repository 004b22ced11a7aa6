package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The send queue a channel holds only while bytes wait for its socket: taken from the loop's
 * spares by the first byte queued, given back once the socket has taken the last.
 */
@Timeout(60)
class ChannelSendQueueIT {
  private final EventLoopGroup group = new EventLoopGroup(1, "sendq", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  private static <T> T onLoop(Channel channel, Supplier<T> what) throws Exception {
    return CompletableFuture.supplyAsync(what, channel.loop()).get(20, TimeUnit.SECONDS);
  }

  private static ByteBuffer longs(long from, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * Long.BYTES);
    for (int i = 0; i < count; i++) {
      b.putLong(from + i);
    }
    return b.flip();
  }

  @Test
  void idleChannelHoldsNoQueueAndACorkedOneGoesBackToTheLoopOnceWritten() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      assertThat(onLoop(channel, () -> channel.holdsSendQueue())).isFalse();

      // On the loop, small writes are corked until the end of the pass: the queue exists then.
      boolean heldWhileCorked = onLoop(channel, () -> {
        channel.write(longs(0, 4));
        channel.write(Ownership.LENT, longs(4, 4));
        return channel.holdsSendQueue();
      });
      assertThat(heldWhileCorked).isTrue();

      DataInputStream in = new DataInputStream(peer.getInputStream());
      for (long expected = 0; expected < 8; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      channel.whenFlushed().get(20, TimeUnit.SECONDS);
      assertThat(onLoop(channel, () -> channel.holdsSendQueue())).isFalse();
      assertThat(onLoop(channel, () -> channel.loop().spareQueues())).isEqualTo(1);
      assertThat(channel.queuedBytes()).isZero();
      assertThat(handler.violation).isNull();
    }
  }

  @Test
  void aQueueGivenBackServesTheNextChannelWithNothingOfThePreviousOnes() throws Exception {
    RecordingHandler first = new RecordingHandler();
    RecordingHandler second = new RecordingHandler();
    RecordingHandler[] next = {first, second};
    int[] taken = {0};
    TcpServer server = TcpServer.builder(group, () -> next[taken[0]++]).bind(Loopback.any());
    try (Socket peerA = Loopback.connect(server.localAddress());
        Socket peerB = Loopback.connect(server.localAddress())) {
      Channel a = first.opened.get(20, TimeUnit.SECONDS);
      Channel b = second.opened.get(20, TimeUnit.SECONDS);
      DataInputStream inA = new DataInputStream(peerA.getInputStream());
      DataInputStream inB = new DataInputStream(peerB.getInputStream());
      // Rounds alternate between the channels on one loop, so each round's queue is the one
      // the other channel gave back; flush markers must complete at this channel's bytes.
      long nextA = 0;
      long nextB = 1_000_000;
      for (int round = 0; round < 20; round++) {
        Channel ch = round % 2 == 0 ? a : b;
        long from = round % 2 == 0 ? nextA : nextB;
        CompletableFuture<Void> flushed = onLoop(ch, () -> {
          ch.write(longs(from, 3));
          ch.write(Ownership.LENT, longs(from + 3, 3));
          return ch.whenFlushed();
        });
        flushed.get(20, TimeUnit.SECONDS);
        DataInputStream in = round % 2 == 0 ? inA : inB;
        for (long expected = from; expected < from + 6; expected++) {
          assertThat(in.readLong()).isEqualTo(expected);
        }
        if (round % 2 == 0) {
          nextA += 6;
        } else {
          nextB += 6;
        }
      }
      assertThat(onLoop(a, () -> a.holdsSendQueue() || b.holdsSendQueue())).isFalse();
      assertThat(onLoop(a, () -> a.loop().spareQueues())).isEqualTo(1);
      assertThat(peerA.getInputStream().available()).isZero();
      assertThat(peerB.getInputStream().available()).isZero();
    }
  }

  @Test
  void aWriteFromAFlushMarkersDependentIsQueuedInOrderAndReleased() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    int big = ChannelIo.DIRECT_WRITE_MIN / Long.BYTES; // goes past the cork: writes the queue
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      CompletableFuture<Void> done = new CompletableFuture<>();
      channel.loop().execute(() -> {
        channel.write(longs(0, 2));
        // Runs inside the queue's write, when the socket has taken the first two longs; its own
        // writes nest there: a small one joins the (then empty) queue, a large one writes it out.
        channel.whenFlushed().thenRun(() -> {
          channel.write(longs(2, 2));
          channel.write(longs(4, big));
          channel.write(longs(4 + big, 2));
          channel.whenFlushed().thenRun(() -> done.complete(null));
        });
      });
      DataInputStream in = new DataInputStream(peer.getInputStream());
      for (long expected = 0; expected < 6 + big; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      done.get(20, TimeUnit.SECONDS);
      assertThat(onLoop(channel, () -> channel.holdsSendQueue())).isFalse();
      assertThat(handler.violation).isNull();
    }
  }

  @Test
  void aFlushDependentThatWritesRunsAfterTheLargeWriteThatCompletedIt() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      ByteBuffer big = longs(100, 4096); // 32 KiB: written at once, after the corked bytes
      onLoop(channel, () -> {
        channel.write(longs(0, 4)); // corked, with a flush future waiting on it
        channel.whenFlushed()
            .thenRun(() -> channel.write(longs(10_000, 2), longs(10_002, 2), Ownership.LENT));
        // The large write first writes what was corked, which completes the future; its
        // dependent writes through the same loop scratch this write is still using.
        return channel.write(longs(4, 96), big, Ownership.LENT);
      });
      DataInputStream in = new DataInputStream(peer.getInputStream());
      for (long expected = 0; expected < 100 + 4096; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      for (long expected = 10_000; expected < 10_004; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      assertThat(channel.isOpen()).isTrue();
      assertThat(handler.violation).isNull();
    }
  }

  @Test
  void aFlushThatDrainsAClosingChannelFinishesTheClose() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      peer.setSoTimeout(5_000); // far below the close timeout: the close must not wait for it
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      onLoop(channel, () -> {
        channel.write(longs(0, 4)); // corked
        channel.close(java.time.Duration.ofSeconds(60)); // waits for the queue to drain
        channel.flush(); // drains it now
        return null;
      });
      DataInputStream in = new DataInputStream(peer.getInputStream());
      for (long expected = 0; expected < 4; expected++) {
        assertThat(in.readLong()).isEqualTo(expected);
      }
      assertThat(in.read()).as("end of stream, well before the close timeout").isEqualTo(-1);
    }
  }

  @Test
  void closingWithBytesQueuedDropsTheQueueAndFailsWaitingFlushes() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(4096);
      peer.connect(server.localAddress());
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      // Far more than the socket buffers take while the peer reads nothing.
      CompletableFuture<Void> flushed = onLoop(channel, () -> {
        channel.write(ByteBuffer.allocate(16 * 1024 * 1024));
        return channel.whenFlushed();
      });
      assertThat(onLoop(channel, () -> channel.holdsSendQueue())).isTrue();
      channel.abort();
      assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
      assertThat(onLoop(channel, () -> channel.holdsSendQueue())).isFalse();
      assertThat(channel.queuedBytes()).isZero();
      try {
        flushed.get(20, TimeUnit.SECONDS);
        throw new AssertionError("flush completed although the channel was aborted");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ClosedChannelException.class);
      }
    }
  }
}
