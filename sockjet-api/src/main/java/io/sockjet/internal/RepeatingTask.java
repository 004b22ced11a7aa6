package io.sockjet.internal;

import io.sockjet.Registration;
import io.sockjet.WebSocketServer;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.TimerHandle;
import java.util.concurrent.TimeUnit;

/**
 * A task run every period on one event loop until removed: what {@link WebSocketServer#every}
 * returns. Thread-safe: {@link #remove} may come from any thread; the timer is scheduled and
 * cancelled only on the loop.
 *
 * <p>The next tick is scheduled after the task returns (or throws), so a slow task delays the
 * ticks after it rather than piling them up.
 */
public final class RepeatingTask implements Registration {
  private final EventLoop loop;
  private final long periodNanos;
  private final Runnable task;
  private volatile boolean removed;
  private TimerHandle current; // the pending tick; only read and written on the loop

  private RepeatingTask(EventLoop loop, long periodNanos, Runnable task) {
    this.loop = loop;
    this.periodNanos = periodNanos;
    this.task = task;
  }

  /**
   * Starts running {@code task} every {@code periodNanos} (positive; the caller checks) on {@code
   * loop}, the first time one period from now.
   */
  public static RepeatingTask start(EventLoop loop, long periodNanos, Runnable task) {
    RepeatingTask t = new RepeatingTask(loop, periodNanos, task);
    loop.execute(t::scheduleNext);
    return t;
  }

  private void scheduleNext() {
    current = loop.schedule(this::tick, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void tick() {
    if (removed) {
      return;
    }
    try {
      task.run();
    } finally {
      if (!removed) {
        scheduleNext();
      }
    }
  }

  @Override
  public void remove() {
    removed = true;
    loop.execute(() -> {
      if (current != null) {
        current.cancel();
      }
    });
  }
}
