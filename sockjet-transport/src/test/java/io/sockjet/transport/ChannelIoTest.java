package io.sockjet.transport;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ChannelIo} against a {@link FakeSocket}: no network, no sleeps. The channel runs on a
 * real {@link EventLoop} (it checks that it is on its loop) and the test makes every call into it,
 * the thread-safe API included, as a task on that loop and waits for the pass to end, so each
 * assertion sees the call's whole effect (corked writes flushed included). Readiness is reported
 * by calling {@code onReady} as the loop's selector would, and the close timeout runs on the
 * loop's {@link FakeClock}.
 */
@Timeout(30)
class ChannelIoTest {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final FakeClock clock = new FakeClock();
  private final EventLoopGroup group = new EventLoopGroup(1, "channelio-test", clock);
  private final EventLoop loop = group.next();
  private final FakeSocket socket = new FakeSocket();
  private final FakeKey key = new FakeKey(socket);
  private final Events events = new Events();
  private Channel channel;

  @AfterEach
  void noUnexpectedEventsThenShutdown() throws Exception {
    try {
      events.assertExhausted();
    } finally {
      Loopback.shutdown(group);
    }
  }

  // ---------------------------------------------------------------- writes

  @Test
  void writeTheSocketTakesWholeIsWrittenAndQueuesNothing() throws Exception {
    open();
    byte[] data = bytes(ChannelIo.DIRECT_WRITE_MIN, 1); // large enough to skip the cork

    WriteResult result = onLoop(() -> channel.write(ByteBuffer.wrap(data)));

    assertThat(result).isEqualTo(WriteResult.WRITTEN);
    assertThat(socket.written()).isEqualTo(data);
    assertThat(onLoop(() -> channel.holdsSendQueue())).isFalse();
    assertThat(channel.queuedBytes()).isZero();
    assertThat(channel.bytesWritten()).isEqualTo(data.length);
    assertThat(interest()).isEqualTo(OP_READ);
  }

  @Test
  void smallWritesAreCorkedIntoOneSystemCallAtTheEndOfThePass() throws Exception {
    open();

    List<Object> duringThePass =
        onLoop(
            () -> {
              List<Object> seen = new ArrayList<>();
              seen.add(channel.write(ByteBuffer.wrap(new byte[] {1, 2})));
              seen.add(channel.write(ByteBuffer.wrap(new byte[] {3})));
              seen.add(socket.writeCalls());
              seen.add(channel.queuedBytes());
              return seen;
            });

    assertThat(duringThePass).containsExactly(WriteResult.QUEUED, WriteResult.QUEUED, 0, 3L);
    assertThat(socket.written()).containsExactly(1, 2, 3);
    assertThat(socket.writeCalls()).isEqualTo(1);
    assertThat(channel.queuedBytes()).isZero();
    assertThat(onLoop(() -> channel.holdsSendQueue())).isFalse();
  }

  @Test
  void partialWriteQueuesTheRestAndWaitsForWritabilityToDrainIt() throws Exception {
    open();
    byte[] data = bytes(20_000, 7);
    socket.accept(1_000);

    WriteResult result = onLoop(() -> channel.write(ByteBuffer.wrap(data)));
    CompletableFuture<Void> flushed = onLoop(() -> channel.whenFlushed());

    assertThat(result).isEqualTo(WriteResult.QUEUED);
    assertThat(channel.queuedBytes()).isEqualTo(19_000);
    assertThat(interest()).isEqualTo(OP_READ | OP_WRITE);
    assertThat(flushed).isNotDone();

    socket.accept(FakeSocket.UNLIMITED);
    ready(OP_WRITE);

    assertThat(socket.written()).isEqualTo(data);
    assertThat(channel.queuedBytes()).isZero();
    assertThat(interest()).as("OP_WRITE dropped once drained").isEqualTo(OP_READ);
    assertThat(onLoop(() -> channel.holdsSendQueue())).isFalse();
    flushed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void writabilityTurnsOffAboveTheHighMarkAndBackOnAtTheLowMark() throws Exception {
    open();
    act(() -> channel.setWriteWatermarks(100, 200));
    socket.accept(0);

    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(150, 0))));
    assertThat(channel.isWritable()).as("150 <= high").isTrue();
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(100, 0))));
    assertThat(channel.isWritable()).as("250 > high").isFalse();
    events.assertNext("writable:false");

    socket.accept(100);
    ready(OP_WRITE);
    assertThat(channel.queuedBytes()).isEqualTo(150);
    assertThat(channel.isWritable()).as("150 is still above low").isFalse();
    events.assertExhausted();

    socket.accept(50);
    ready(OP_WRITE);
    assertThat(channel.queuedBytes()).isEqualTo(100);
    assertThat(channel.isWritable()).as("100 is at low").isTrue();
    events.assertNext("writable:true");

    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(101, 0))));
    events.assertNext("writable:false");
  }

  // ---------------------------------------------------------------- holding reads

  @Test
  void holdingReadsWhileFullStopsReadingAboveTheHighMarkUntilTheLowMark() throws Exception {
    open();
    act(() -> channel.setWriteWatermarks(100, 200));
    act(() -> channel.holdReadsWhileFull(true));
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(300, 0))));
    events.assertNext("writable:false");
    socket.receive(new byte[] {42});

    assertThat(interest()).isEqualTo(OP_WRITE);
    ready(OP_READ); // even if told the socket is readable, the channel does not read it
    assertThat(socket.readCalls()).isZero();

    socket.accept(150); // 150 left: below high, above low, so still held
    ready(OP_WRITE);
    assertThat(interest()).isEqualTo(OP_WRITE);
    ready(OP_READ);
    assertThat(socket.readCalls()).isZero();

    socket.accept(50); // 100 left: at the low mark
    ready(OP_WRITE);
    events.assertNext("writable:true");
    assertThat(interest()).isEqualTo(OP_READ | OP_WRITE);
    ready(OP_READ);
    events.assertNext("read:42");
  }

  @Test
  void withoutHoldingReadsAFullChannelGoesOnReading() throws Exception {
    open();
    act(() -> channel.setWriteWatermarks(100, 200));
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(300, 0))));
    events.assertNext("writable:false");
    socket.receive(new byte[] {42});

    assertThat(interest()).isEqualTo(OP_READ | OP_WRITE);
    ready(OP_READ);
    events.assertNext("read:42");

    // Turned on while full, it holds at once; turned off, it reads again.
    act(() -> channel.holdReadsWhileFull(true));
    assertThat(interest()).isEqualTo(OP_WRITE);
    act(() -> channel.holdReadsWhileFull(false));
    assertThat(interest()).isEqualTo(OP_READ | OP_WRITE);
  }

  // ---------------------------------------------------------------- queue gauge

  @Test
  void queueGaugeFollowsTheQueueAndReturnsToZeroOnClose() throws Exception {
    open();
    AtomicLong gauge = new AtomicLong();
    act(() -> channel.setQueueGauge(gauge::addAndGet));
    socket.accept(0);

    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(20_000, 0))));
    assertThat(gauge).hasValue(20_000);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(500, 0))));
    assertThat(gauge).hasValue(20_500);
    socket.accept(8_000);
    ready(OP_WRITE);
    assertThat(gauge).hasValue(12_500);

    act(() -> channel.close(CLOSE_TIMEOUT));
    advance(CLOSE_TIMEOUT);

    assertThat(gauge).as("dropped bytes leave the gauge").hasValue(0);
    assertThat(events.take()).startsWith("close:" + SocketTimeoutException.class.getName());
  }

  @Test
  void queueGaugeMovesWhatIsQueuedFromTheOldGaugeToTheNew() throws Exception {
    open();
    AtomicLong first = new AtomicLong();
    AtomicLong second = new AtomicLong();
    act(() -> channel.setQueueGauge(first::addAndGet));
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(1_000, 0))));
    assertThat(first).hasValue(1_000);

    act(() -> channel.setQueueGauge(second::addAndGet));

    assertThat(first).hasValue(0);
    assertThat(second).hasValue(1_000);
    act(channel::abort);
    assertThat(second).hasValue(0);
    events.assertNext("close:null");
  }

  // ---------------------------------------------------------------- closing

  @Test
  void gracefulCloseDrainsTheQueueAndThenCloses() throws Exception {
    open();
    byte[] data = bytes(20_000, 3);
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(data)));

    act(() -> channel.close(CLOSE_TIMEOUT));

    assertThat(channel.isOpen()).as("still draining").isTrue();
    assertThat(socket.closes()).isZero();
    assertThat(interest()).as("no more reads, still writing").isEqualTo(OP_WRITE);
    assertThat(onLoop(() -> channel.write(ByteBuffer.wrap(new byte[1]))))
        .isEqualTo(WriteResult.CLOSED);
    assertThat(onLoop(loop::pendingTimers)).as("the close timeout").isEqualTo(1);

    socket.accept(FakeSocket.UNLIMITED);
    ready(OP_WRITE);

    assertThat(socket.written()).isEqualTo(data);
    assertThat(socket.closes()).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
    assertThat(key.isValid()).isFalse();
    assertThat(onLoop(loop::pendingTimers)).as("timeout cancelled").isZero();
    events.assertNext("close:null");
  }

  @Test
  void gracefulCloseOfAnEmptyQueueClosesAtOnce() throws Exception {
    open();

    act(() -> channel.close(CLOSE_TIMEOUT));

    assertThat(socket.closes()).isEqualTo(1);
    assertThat(onLoop(loop::pendingTimers)).isZero();
    events.assertNext("close:null");
  }

  @Test
  void gracefulCloseTimesOutWithBytesUnwritten() throws Exception {
    open();
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(20_000, 0))));
    CompletableFuture<Void> flushed = onLoop(() -> channel.whenFlushed());
    socket.accept(1_000);
    act(() -> channel.close(CLOSE_TIMEOUT));
    ready(OP_WRITE); // the peer reads a little, not enough

    advance(CLOSE_TIMEOUT.minusNanos(1));
    assertThat(channel.isOpen()).isTrue();
    events.assertExhausted();

    advance(Duration.ofNanos(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(socket.closes()).isEqualTo(1);
    assertThat(socket.written()).hasSize(1_000);
    assertThat(events.take())
        .isEqualTo(
            "close:"
                + SocketTimeoutException.class.getName()
                + ": close timed out after PT5S with 19000 bytes unwritten");
    assertThat(failure(flushed))
        .isInstanceOf(ClosedChannelException.class)
        .hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(channel.queuedBytes()).isZero();
  }

  @Test
  void abortDropsTheQueueResetsTheConnectionAndFailsFlushFutures() throws Exception {
    open();
    AtomicLong gauge = new AtomicLong();
    act(() -> channel.setQueueGauge(gauge::addAndGet));
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(20_000, 0))));
    CompletableFuture<Void> flushed = onLoop(() -> channel.whenFlushed());

    act(channel::abort);

    assertThat(failure(flushed)).isInstanceOf(ClosedChannelException.class);
    assertThat(socket.option(StandardSocketOptions.SO_LINGER)).as("RST, not FIN").isEqualTo(0);
    assertThat(socket.closes()).isEqualTo(1);
    assertThat(socket.written()).isEmpty();
    assertThat(channel.queuedBytes()).isZero();
    assertThat(gauge).hasValue(0);
    assertThat(onLoop(() -> channel.holdsSendQueue())).isFalse();
    assertThat(onLoop(() -> channel.write(ByteBuffer.wrap(new byte[1]))))
        .isEqualTo(WriteResult.CLOSED);
    assertThat(failure(channel.whenFlushed())).isInstanceOf(ClosedChannelException.class);
    events.assertNext("close:null");
  }

  // ---------------------------------------------------------------- reads, EOF, half-close

  @Test
  void readsAreDeliveredAndEofReportsInputClosedOnce() throws Exception {
    open();
    socket.receive(new byte[] {1, 2, 3});
    ready(OP_READ);
    events.assertNext("read:1,2,3");
    assertThat(channel.bytesRead()).isEqualTo(3);

    socket.receiveEof();
    ready(OP_READ);

    events.assertNext("inputClosed");
    assertThat(channel.isOpen()).as("half-closed: still open for writing").isTrue();
    assertThat(interest()).isZero();
    ready(OP_READ);
    assertThat(onLoop(() -> channel.write(ByteBuffer.wrap(bytes(ChannelIo.DIRECT_WRITE_MIN, 0)))))
        .isEqualTo(WriteResult.WRITTEN);
  }

  @Test
  void shutdownOutputAfterEofClosesTheChannel() throws Exception {
    open();
    socket.receiveEof();
    ready(OP_READ);
    events.assertNext("inputClosed");

    act(channel::shutdownOutput);

    assertThat(socket.outputShut()).isTrue();
    assertThat(socket.closes()).isEqualTo(1);
    events.assertNext("close:null");
  }

  @Test
  void shutdownOutputWaitsForTheQueueThenShutsTheSocketsOutput() throws Exception {
    open();
    byte[] data = bytes(20_000, 5);
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(data)));

    act(channel::shutdownOutput);
    assertThat(onLoop(socket::outputShut)).isFalse();
    assertThat(onLoop(() -> channel.write(ByteBuffer.wrap(new byte[1]))))
        .isEqualTo(WriteResult.CLOSED);

    socket.accept(FakeSocket.UNLIMITED);
    ready(OP_WRITE);

    assertThat(socket.written()).isEqualTo(data);
    assertThat(socket.outputShut()).isTrue();
    assertThat(channel.isOpen()).as("input still open").isTrue();

    act(channel::shutdownInput); // both directions shut: the channel closes
    assertThat(socket.inputShut()).isTrue();
    assertThat(channel.isOpen()).isFalse();
    events.assertNext("close:null"); // shutdownInput reports no onInputClosed
  }

  // ---------------------------------------------------------------- handler faults

  static Stream<Throwable> handlerFaults() {
    return Stream.of(new IllegalStateException("handler bug"), new OutOfMemoryError("test"));
  }

  @ParameterizedTest
  @MethodSource("handlerFaults")
  void whateverTheHandlerThrowsClosesTheChannelAndOnCloseComesOnce(Throwable fault)
      throws Exception {
    open();
    socket.accept(0);
    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(20_000, 0))));
    CompletableFuture<Void> flushed = onLoop(() -> channel.whenFlushed());
    events.throwOnRead = fault;
    socket.receive(new byte[] {9});

    ready(OP_READ); // must not throw: the fault stays inside this channel

    events.assertNext("read:9");
    events.assertNext("close:" + fault);
    assertThat(channel.isOpen()).isFalse();
    assertThat(socket.closes()).isEqualTo(1);
    assertThat(failure(flushed)).isInstanceOf(ClosedChannelException.class).hasCause(fault);

    // Whatever else happens to the closed channel, onClose is not reported again.
    act(channel::abort);
    act(channel::close);
    onLoop(
        () -> {
          key.selectable().onFault(new IllegalStateException("again"));
          channel.closeNow(null);
          return null;
        });
    events.assertExhausted();
  }

  @Test
  void aHandlerThrowingOnWritabilityClosesTheChannel() throws Exception {
    open();
    act(() -> channel.setWriteWatermarks(100, 200));
    socket.accept(0);
    RuntimeException fault = new RuntimeException("writability bug");
    events.throwOnWritability = fault;

    onLoop(() -> channel.write(ByteBuffer.wrap(bytes(300, 0))));

    events.assertNext("writable:false");
    events.assertNext("close:" + fault);
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.queuedBytes()).isZero();
  }

  @Test
  void aHandlerThrowingInOnCloseIsContained() throws Exception {
    open();
    events.throwOnClose = new OutOfMemoryError("in onClose");

    act(channel::abort);

    events.assertNext("close:null");
    assertThat(socket.closes()).isEqualTo(1);
    assertThat(onLoop(() -> "the loop lives")).isEqualTo("the loop lives");
  }

  // ---------------------------------------------------------------- helpers

  /** Makes the channel over the fake socket and starts it on the loop, as an adopted socket. */
  private void open() throws Exception {
    channel = new Channel(loop, socket, events, null, null, null, null);
    onLoop(
        () -> {
          channel.start(key, null);
          return null;
        });
    events.assertNext("open");
    assertThat(socket.option(StandardSocketOptions.TCP_NODELAY)).isEqualTo(true);
    assertThat(interest()).isEqualTo(OP_READ);
  }

  /** Reports readiness as the loop's selector would, then lets the loop finish its pass. */
  private void ready(int ops) throws Exception {
    onLoop(
        () -> {
          key.selectable().onReady(ops);
          return null;
        });
    onLoop(() -> null); // flush futures are completed by tasks the pass enqueued
  }

  /**
   * Runs {@code call} on the loop and returns its result once the loop has also ended the pass
   * that ran it, so that what the call corked has been offered to the socket.
   */
  private <T> T onLoop(Callable<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          T value;
          try {
            value = call.call();
          } catch (Throwable t) {
            result.completeExceptionally(t);
            return;
          }
          // Corked writes go out at the end of this pass; a timer due now runs in the next one.
          loop.schedule(() -> result.complete(value), 0, TimeUnit.NANOSECONDS);
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on the loop, as {@link #onLoop}, for calls that return nothing. */
  private void act(Runnable action) throws Exception {
    onLoop(
        () -> {
          action.run();
          return null;
        });
  }

  /** The operations the channel asks the selector for now. */
  private int interest() throws Exception {
    return onLoop(() -> key.interestOps());
  }

  /** Moves the fake clock on and waits until the loop has run every timer now due. */
  private void advance(Duration by) throws Exception {
    clock.advance(by.toNanos(), TimeUnit.NANOSECONDS);
    // Timers run in deadline order, ties in scheduling order: once this one ran, so had they.
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    loop.schedule(() -> caughtUp.complete(null), 0, TimeUnit.NANOSECONDS);
    caughtUp.get(10, TimeUnit.SECONDS);
    onLoop(() -> null);
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("completed normally: " + future);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed + i * 31);
    }
    return b;
  }

  /**
   * Called on the loop, read by the test after a round trip through it: a handler that logs every
   * event in order as a string, can be told to throw, and fails a test that leaves an event
   * unasserted ({@link #assertExhausted()}).
   */
  private static final class Events implements ChannelHandler {
    private final List<String> log = new ArrayList<>();
    Throwable throwOnRead;
    Throwable throwOnWritability;
    Throwable throwOnClose;

    @Override
    public void onOpen(Channel channel) {
      add("open");
    }

    @Override
    public void onRead(Channel channel, ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      add("read:" + Arrays.toString(b).replaceAll("[\\[\\] ]", ""));
      rethrow(throwOnRead);
    }

    @Override
    public void onInputClosed(Channel channel) {
      add("inputClosed"); // stays half-open: the test decides what follows
    }

    @Override
    public void onWritabilityChanged(Channel channel, boolean writable) {
      add("writable:" + writable);
      rethrow(throwOnWritability);
    }

    @Override
    public void onClose(Channel channel, Throwable cause) {
      add("close:" + cause);
      rethrow(throwOnClose);
    }

    private void add(String event) {
      synchronized (log) {
        log.add(event);
      }
    }

    String take() {
      synchronized (log) {
        assertThat(log).as("events").isNotEmpty();
        return log.remove(0);
      }
    }

    void assertNext(String expected) {
      assertThat(take()).isEqualTo(expected);
    }

    void assertExhausted() {
      synchronized (log) {
        assertThat(log).as("unexpected events").isEmpty();
      }
    }

    private static void rethrow(Throwable t) {
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }
  }
}
