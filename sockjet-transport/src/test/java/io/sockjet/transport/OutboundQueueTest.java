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

  private final WriteChunks chunks = new WriteChunks();
  private final ByteBuffer[] scratch = new ByteBuffer[EventLoop.MAX_GATHER];

  @Test
  void writesInOrderAndCompletesFlushMarkersAtTheirOffsets() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    queue.append(bytes(0, 10), true, chunks);
    CompletableFuture<Void> afterTen = queue.whenFlushed();
    queue.append(bytes(10, 10), false, chunks);
    CompletableFuture<Void> afterTwenty = queue.whenFlushed();
    assertThat(queue.queuedBytes()).isEqualTo(20);

    sink.budget = 9;
    assertThat(queue.writeTo(sink, scratch, chunks, Runnable::run)).isEqualTo(9);
    assertThat(afterTen).isNotDone();
    sink.budget = 1;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    assertThat(afterTen).isCompleted();
    assertThat(afterTwenty).isNotDone();
    sink.budget = 100;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    assertThat(afterTwenty).isCompleted();
    assertThat(queue.isEmpty()).isTrue();
    assertThat(sink.taken.toByteArray()).isEqualTo(bytes(0, 20).array());
    assertThat(queue.whenFlushed()).isCompleted(); // nothing queued: already flushed
  }

  @Test
  void smallWritesShareOneChunkAndOneBufferOfTheGather() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    for (int i = 0; i < 100; i++) {
      queue.append(bytes(i * 3, 3), i % 2 == 1, chunks); // kept ones join the chunk too
    }
    sink.budget = 1000;
    assertThat(queue.writeTo(sink, scratch, chunks, Runnable::run)).isEqualTo(300);
    assertThat(sink.maxBuffersSeen).isEqualTo(1);
    assertThat(sink.taken.toByteArray()).isEqualTo(bytes(0, 300).array());
  }

  @Test
  void writtenChunksGoBackToThePool() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 10; i++) {
        queue.append(bytes(i, 1000), false, chunks);
      }
      sink.budget = 100_000;
      queue.writeTo(sink, scratch, chunks, Runnable::run);
      assertThat(queue.isEmpty()).isTrue();
    }
    assertThat(chunks.allocated()).isEqualTo(1);
  }

  @Test
  void largeBuffersHandedOverAreKeptNotCopied() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ByteBuffer big = ByteBuffer.allocate(OutboundQueue.COPY_LIMIT + 1);
    queue.append(big, true, chunks);
    big.put(0, (byte) 42); // retained by reference: the change is what gets written
    ByteBuffer copied = ByteBuffer.allocate(OutboundQueue.COPY_LIMIT + 1);
    queue.append(copied, false, chunks);
    assertThat(copied.hasRemaining()).isFalse(); // the copy consumed the source
    copied.put(0, (byte) 99); // the caller reuses its buffer at once: not what gets written
    ThrottledSink sink = new ThrottledSink();
    sink.budget = 1_000_000;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    byte[] taken = sink.taken.toByteArray();
    assertThat(taken).hasSize(2 * (OutboundQueue.COPY_LIMIT + 1));
    assertThat(taken[0]).isEqualTo((byte) 42);
    assertThat(taken[OutboundQueue.COPY_LIMIT + 1]).isZero();
  }

  @Test
  void gathersAtMostTheScratchLengthPerCall() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    int size = OutboundQueue.COPY_LIMIT + 1; // kept by reference: one entry each
    for (int i = 0; i < 200; i++) {
      queue.append(bytes(i, size), true, chunks);
    }
    sink.budget = 200 * size;
    assertThat(queue.writeTo(sink, scratch, chunks, Runnable::run)).isEqualTo(200L * size);
    assertThat(sink.maxBuffersSeen).isEqualTo(EventLoop.MAX_GATHER);
    assertThat(scratch).containsOnlyNulls(); // the loop's scratch keeps no references
  }

  @Test
  void aFullSocketSwapsNearlyEmptyChunksForHeapCopies() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    ThrottledSink sink = new ThrottledSink();
    queue.append(bytes(0, 100), false, chunks);
    sink.budget = 40;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    // The chunk is back in the pool: the next take reuses it rather than allocating.
    chunks.release(chunks.take());
    assertThat(chunks.allocated()).isEqualTo(1);
    queue.append(bytes(100, 10), false, chunks);
    assertThat(chunks.allocated()).isEqualTo(1);
    sink.budget = 1000;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    assertThat(sink.taken.toByteArray()).isEqualTo(bytes(0, 110).array());
  }

  @Test
  void smallBuffersHandedOverTakeNoChunkOfTheirOwn() throws Exception {
    OutboundQueue queue = new OutboundQueue();
    queue.append(bytes(0, 10), true, chunks); // a shared broadcast frame, say
    assertThat(chunks.allocated()).isZero();
    ThrottledSink sink = new ThrottledSink();
    sink.budget = 100;
    queue.writeTo(sink, scratch, chunks, Runnable::run);
    assertThat(sink.taken.toByteArray()).isEqualTo(bytes(0, 10).array());
  }

  @Test
  void thePoolSaysWhenTooManyChunksAreOut() {
    java.util.List<WriteChunks.Chunk> out = new java.util.ArrayList<>();
    while (!chunks.exhausted()) {
      out.add(chunks.take());
    }
    assertThat(out).hasSize(WriteChunks.MAX_OUTSTANDING);
    chunks.release(out.remove(0));
    assertThat(chunks.exhausted()).isFalse();
  }

  @Test
  void discardFailsWaitingFuturesAndReturnsChunks() {
    OutboundQueue queue = new OutboundQueue();
    queue.append(bytes(0, 5), false, chunks);
    queue.append(ByteBuffer.allocate(OutboundQueue.COPY_LIMIT + 1), true, chunks);
    queue.append(bytes(0, 5), false, chunks);
    CompletableFuture<Void> flushed = queue.whenFlushed();
    queue.discard(new ClosedChannelException(), chunks);
    assertThat(flushed).isCompletedExceptionally();
    assertThat(queue.queuedBytes()).isZero();
    chunks.take();
    chunks.take();
    assertThat(chunks.allocated()).isEqualTo(2); // both chunks came back
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
