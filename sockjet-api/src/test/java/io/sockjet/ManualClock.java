package io.sockjet;

import io.sockjet.transport.EventLoop;
import io.sockjet.transport.EventLoopGroup;
import io.sockjet.transport.NanoClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so, for event loops whose timers the test drives:
 * {@link #advance} moves it and then waits until every loop of the group has run the timers now
 * due (and the tasks they queued), with no sleep. Thread-safe.
 */
final class ManualClock implements NanoClock {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private EventLoopGroup group;

  /** A group of {@code loops} event loops reading this clock. */
  EventLoopGroup group(int loops) {
    group = new EventLoopGroup(loops, "manual-clock", this);
    return group;
  }

  /** A test server recording into {@code events}, on one loop of this clock. */
  WebSocketServer.Builder server(EventRecorder events) {
    return EventRecorder.server(events).eventLoops(EventLoops.of(group(1)));
  }

  /** Stops {@code server} (may be null) and then the loops. */
  void stop(WebSocketServer server) throws Exception {
    EventRecorder.stop(server);
    group.shutdownGracefully(Duration.ZERO).get();
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  /** Moves the clock on and lets the loops run what became due. */
  void advance(Duration by) throws Exception {
    now.addAndGet(by.toNanos());
    settle();
  }

  /**
   * Waits until each loop has been through a whole pass since the call: polled its sockets (so it
   * has read what a test sent before calling this), run the timers due and the tasks queued. A
   * task queued from here could run in the batch the loop is in now, before its next poll, so the
   * task schedules a timer due at once, which runs only after the next poll. Twice, so that what
   * the first pass queued has run too.
   */
  void settle() throws Exception {
    for (int round = 0; round < 2; round++) {
      for (EventLoop loop : group.loops()) {
        CompletableFuture<Void> passed = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> passed.complete(null), 0, TimeUnit.NANOSECONDS));
        passed.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
