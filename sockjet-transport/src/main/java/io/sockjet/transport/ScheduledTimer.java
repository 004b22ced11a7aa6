package io.sockjet.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Thread-safe state, loop-confined position: one entry of an {@link EventLoop}'s {@link
 * TimerHeap}. {@code deadline}, {@code sequence} and {@code heapIndex} are touched only on the
 * loop thread; {@code state} is the one field other threads race on, settled by compare-and-set
 * so that a task either runs or is cancelled, never both.
 */
final class ScheduledTimer implements TimerHandle {
  private static final int PENDING = 0;
  private static final int RUN = 1;
  private static final int CANCELLED = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ScheduledTimer.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final EventLoop loop;
  final Runnable task;
  final long deadline;
  /** Tie-breaker so that timers with equal deadlines fire in the order they were scheduled. */
  final int sequence;
  /** Position in the heap array, or -1 while not in the heap. Loop thread only. */
  int heapIndex = -1;

  /**
   * PENDING (0, the initial value), then RUN or CANCELLED, by compare-and-set through {@link
   * #STATE} (a field rather than an AtomicInteger: a keepalive timer per connection is one object,
   * not two).
   */
  private volatile int state;

  ScheduledTimer(EventLoop loop, Runnable task, long deadline, int sequence) {
    this.loop = loop;
    this.task = task;
    this.deadline = deadline;
    this.sequence = sequence;
  }

  /** Orders by deadline, then by scheduling order. */
  boolean isBefore(ScheduledTimer other) {
    // Subtraction, not comparison: nanoTime values may wrap around (System.nanoTime contract).
    long d = deadline - other.deadline;
    // The sequence wraps too (an int, to keep a timer small): two pending timers are never 2^31
    // schedules apart in practice.
    return d < 0 || (d == 0 && sequence - other.sequence < 0);
  }

  /** Claims the right to run; false if cancelled first. Loop thread only. */
  boolean claimRun() {
    return STATE.compareAndSet(this, PENDING, RUN);
  }

  @Override
  public boolean cancel() {
    if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
      return false;
    }
    loop.removeTimer(this);
    return true;
  }

  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  @Override
  public boolean hasRun() {
    return state == RUN;
  }
}
