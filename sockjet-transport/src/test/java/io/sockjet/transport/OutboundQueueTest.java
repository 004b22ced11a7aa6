package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  /** A socket stand-in that takes at most {@code budget} bytes until refilled. */
  private static final class ThrottledSink implements GatheringByteChannel {
    final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    int budget;
    int maxBuffersSeen;

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      maxBuffersSeen = Math.max(maxBuffersSeen, length);
      long n = 0;
      for (int i = offset; i < offset + length && budget > 0; i++) {
        while (srcs[i].hasRemaining() && budget > 0) {
          taken.write(srcs[i].get());
          budget--;
          n++;
        }
      }
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
      return (int) write(new ByteBuffer[] {src});
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static ByteBuffer bytes(int from, int count) {
    ByteBuffer b = ByteBuffer.allocate(count);
    for (int i = 0; i < count; i++) {
      b.put((byte) (from + i));
    }
    return b.flip();
  }

  @Test
  void writesInOrderAndCompletesFlushMarkersAtTheirOffsets() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    queue.add(bytes(0, 10));
    CompletableFuture<Void> afterTen = queue.whenFlushed();
    queue.add(bytes(10, 10));
    CompletableFuture<Void> afterTwenty = queue.whenFlushed();
    assertThat(queue.queuedBytes()).isEqualTo(20);

    sink.budget = 9;
    assertThat(queue.writeTo(sink, new ByteBuffer[EventLoop.MAX_GATHER])).isEqualTo(9);
    assertThat(afterTen).isNotDone();
    sink.budget = 1;
    queue.writeTo(sink, new ByteBuffer[EventLoop.MAX_GATHER]);
    assertThat(afterTen).isCompleted();
    assertThat(afterTwenty).isNotDone();
    sink.budget = 100;
    queue.writeTo(sink, new ByteBuffer[EventLoop.MAX_GATHER]);
    assertThat(afterTwenty).isCompleted();
    assertThat(queue.isEmpty()).isTrue();
    assertThat(sink.taken.toByteArray()).isEqualTo(bytes(0, 20).array());
    assertThat(queue.whenFlushed()).isCompleted(); // nothing queued: already flushed
  }

  @Test
  void gathersAtMostTheScratchLengthPerCall() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    for (int i = 0; i < 200; i++) {
      queue.add(bytes(i, 1));
    }
    sink.budget = 1000;
    ByteBuffer[] scratch = new ByteBuffer[EventLoop.MAX_GATHER];
    assertThat(queue.writeTo(sink, scratch)).isEqualTo(200);
    assertThat(sink.maxBuffersSeen).isEqualTo(EventLoop.MAX_GATHER);
    assertThat(scratch).containsOnlyNulls(); // the loop's scratch keeps no references
  }

  @Test
  void discardFailsWaitingFutures() {
    OutboundQueue queue = new OutboundQueue();
    queue.add(bytes(0, 5));
    CompletableFuture<Void> flushed = queue.whenFlushed();
    queue.discard(new ClosedChannelException());
    assertThat(flushed).isCompletedExceptionally();
    assertThat(queue.queuedBytes()).isZero();
  }

  @Test
  void addRemainingCopiesOnlyWhenAsked() {
    OutboundQueue queue = new OutboundQueue();
    ByteBuffer shared = bytes(0, 4);
    ByteBuffer[] srcs = {shared, ByteBuffer.allocate(0)};
    assertThat(queue.addRemaining(srcs, true)).isTrue();
    assertThat(shared.hasRemaining()).isFalse(); // the copy consumed the source
    shared.clear().put(0, (byte) 99); // caller reuses its scratch at once
    ThrottledSink sink = new ThrottledSink();
    sink.budget = 10;
    try {
      queue.writeTo(sink, new ByteBuffer[EventLoop.MAX_GATHER]);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(sink.taken.toByteArray()).containsExactly(0, 1, 2, 3);
    assertThat(queue.addRemaining(new ByteBuffer[] {ByteBuffer.allocate(0)}, false)).isFalse();
  }

  @Test
  void writeDirectStopsWhenTheSinkIsFull() throws Exception {
    ThrottledSink sink = new ThrottledSink();
    sink.budget = 6;
    ByteBuffer a = bytes(0, 4);
    ByteBuffer b = bytes(4, 4);
    assertThat(OutboundQueue.writeDirect(sink, new ByteBuffer[] {a, b})).isEqualTo(6);
    assertThat(a.hasRemaining()).isFalse();
    assertThat(b.remaining()).isEqualTo(2);
  }
}
