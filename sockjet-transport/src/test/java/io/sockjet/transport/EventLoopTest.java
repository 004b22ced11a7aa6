package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventLoopTest {
  private final FakeClock clock = new FakeClock();
  private final EventLoopGroup group = new EventLoopGroup(1, "loop-test", clock);
  private final EventLoop loop = group.next();

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  /** Runs {@code call} on the loop and returns its result. */
  private <T> T onLoop(Callable<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            result.complete(call.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Advances the fake clock and waits until the loop has run everything now due. */
  private void advance(long millis) throws Exception {
    clock.advance(millis, TimeUnit.MILLISECONDS);
    // A timer due now runs after every timer due earlier or scheduled before it with the same
    // deadline, so once it has run, all that the advance made due have. (Waiting for two tasks
    // instead raced: a busy loop may run both in the pass that checked its timers before the
    // advance.)
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    loop.schedule(() -> caughtUp.complete(null), 0, TimeUnit.MILLISECONDS);
    caughtUp.get(10, TimeUnit.SECONDS);
  }

  @Test
  void tasksRunOnTheLoopInSubmissionOrder() throws Exception {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 1000; i++) {
      int n = i;
      loop.execute(() -> order.add(n));
    }
    assertThat(onLoop(loop::inEventLoop)).isTrue();
    assertThat(loop.inEventLoop()).isFalse();
    assertThat(order).hasSize(1000).isSorted();
  }

  @Test
  void loopThreadIsNamedAndNotDaemon() throws Exception {
    Thread thread = onLoop(Thread::currentThread);
    assertThat(thread.getName()).isEqualTo("loop-test-0");
    assertThat(thread.isDaemon()).isFalse();
  }

  @Test
  void aThrowingTaskOrTimerDoesNotKillTheLoop() throws Exception {
    loop.execute(
        () -> {
          throw new IllegalStateException("task failure (expected by test)");
        });
    loop.schedule(
        () -> {
          throw new IllegalStateException("timer failure (expected by test)");
        },
        1,
        TimeUnit.MILLISECONDS);
    advance(5);
    assertThat(onLoop(() -> "alive")).isEqualTo("alive");
  }

  @Test
  void timersFireByDeadlineThenSchedulingOrderAndOnlyWhenDue() throws Exception {
    List<String> fired = Collections.synchronizedList(new ArrayList<>());
    loop.schedule(() -> fired.add("30"), 30, TimeUnit.MILLISECONDS);
    loop.schedule(() -> fired.add("10a"), 10, TimeUnit.MILLISECONDS);
    loop.schedule(() -> fired.add("20"), 20, TimeUnit.MILLISECONDS);
    loop.schedule(() -> fired.add("10b"), 10, TimeUnit.MILLISECONDS);
    loop.schedule(() -> fired.add("late"), 1, TimeUnit.HOURS);
    advance(9);
    assertThat(fired).isEmpty();
    advance(1);
    assertThat(fired).containsExactly("10a", "10b");
    advance(100);
    assertThat(fired).containsExactly("10a", "10b", "20", "30");
    assertThat(onLoop(loop::pendingTimers)).isEqualTo(1);
  }

  @Test
  void cancelledTimerNeverRunsAndCancelReportsOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    TimerHandle handle = loop.schedule(runs::incrementAndGet, 10, TimeUnit.MILLISECONDS);
    TimerHandle kept = loop.schedule(runs::incrementAndGet, 10, TimeUnit.MILLISECONDS);
    assertThat(handle.cancel()).isTrue();
    assertThat(handle.cancel()).isFalse();
    assertThat(handle.isCancelled()).isTrue();
    advance(50);
    assertThat(runs).hasValue(1);
    assertThat(handle.hasRun()).isFalse();
    assertThat(kept.hasRun()).isTrue();
    assertThat(kept.cancel()).isFalse();
    assertThat(onLoop(loop::pendingTimers)).isZero();
  }

  @Test
  void timerScheduledOnTheLoopCanBeCancelledFromItself() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    onLoop(
        () -> {
          TimerHandle t = loop.schedule(runs::incrementAndGet, 0, TimeUnit.MILLISECONDS);
          return t.cancel();
        });
    advance(1);
    assertThat(runs).hasValue(0);
  }

  @Test
  void hundredThousandScheduleAndCancelLeaveNothingBehind() throws Exception {
    // On the loop: the idle-timeout pattern, each connection cancelling and rescheduling.
    int[] sizes =
        onLoop(
            () -> {
              TimerHandle[] perConnection = new TimerHandle[10_000];
              int maxSize = 0;
              for (int i = 0; i < 100_000; i++) {
                int c = i % perConnection.length;
                if (perConnection[c] != null) {
                  perConnection[c].cancel();
                }
                perConnection[c] = loop.schedule(() -> {}, 60 + i % 7, TimeUnit.SECONDS);
                maxSize = Math.max(maxSize, loop.pendingTimers());
              }
              for (TimerHandle t : perConnection) {
                t.cancel();
              }
              return new int[] {maxSize, loop.pendingTimers(), loop.timerCapacity()};
            });
    assertThat(sizes[0]).isEqualTo(10_000);
    assertThat(sizes[1]).isZero();
    assertThat(sizes[2]).isLessThanOrEqualTo(128);

    // Off the loop: schedule and cancel enqueue tasks; once they ran, the heap is empty again.
    for (int i = 0; i < 100_000; i++) {
      loop.schedule(() -> {}, 1, TimeUnit.HOURS).cancel();
    }
    assertThat(onLoop(loop::pendingTimers)).isZero();
    assertThat(onLoop(loop::timerCapacity)).isLessThanOrEqualTo(128);
  }

  @Test
  void watchReportsReadinessOfAUserChannelUntilCancelled() throws Exception {
    Pipe pipe = Pipe.open();
    try {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch twoReads = new CountDownLatch(2);
      Watch watch =
          loop.watch(
              pipe.source(),
              SelectionKey.OP_READ,
              (w, ops) -> {
                assertThat(w.loop().inEventLoop()).isTrue();
                ByteBuffer buf = ByteBuffer.allocate(64);
                try {
                  int n = ((Pipe.SourceChannel) w.channel()).read(buf);
                  seen.add(new String(buf.array(), 0, n, java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                twoReads.countDown();
              });
      pipe.sink().write(ByteBuffer.wrap("one".getBytes()));
      RecordingHandler.awaitTrue(() -> seen.size() == 1, Loopback.WAIT, "first read");
      pipe.sink().write(ByteBuffer.wrap("two".getBytes()));
      assertThat(twoReads.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).containsExactly("one", "two");

      watch.interestOps(0);
      onLoop(() -> null); // off the loop, the change takes effect when the loop runs it
      pipe.sink().write(ByteBuffer.wrap("paused".getBytes()));
      onLoop(() -> null);
      onLoop(() -> null);
      assertThat(seen).hasSize(2);
      watch.cancel();
      assertThat(watch.isActive()).isFalse();
      assertThat(pipe.source().isOpen()).isTrue(); // the watch never closes the user's channel
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void shutdownTerminatesTheThreadAndRejectsLaterTasks() throws Exception {
    Thread thread = onLoop(Thread::currentThread);
    group.shutdownGracefully(Duration.ofSeconds(1)).get(20, TimeUnit.SECONDS);
    thread.join(20_000);
    assertThat(thread.isAlive()).isFalse();
    assertThatThrownBy(() -> loop.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void roundRobinVisitsEveryLoop() throws Exception {
    EventLoopGroup three = new EventLoopGroup(3, "rr", NanoClock.SYSTEM);
    try {
      List<EventLoop> picked = List.of(three.next(), three.next(), three.next(), three.next());
      assertThat(picked.subList(0, 3)).containsExactlyInAnyOrderElementsOf(three.loops());
      assertThat(picked.get(3)).isSameAs(picked.get(0));
    } finally {
      Loopback.shutdown(three);
    }
  }
}
