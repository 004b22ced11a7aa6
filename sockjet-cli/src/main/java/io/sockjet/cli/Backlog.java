package io.sockjet.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: a count of work handed to one thread and not yet done, with a cap. Members' loops
 * enter messages; the room's loop leaves them as it broadcasts. Past the cap, entering fails, so
 * a room that falls behind refuses work instead of queueing it without bound.
 */
final class Backlog {
  private final int max;
  private final AtomicInteger waiting = new AtomicInteger();

  Backlog(int max) {
    this.max = max;
  }

  /** Counts one more piece of work, unless {@code max} already wait; true if counted. */
  boolean tryEnter() {
    int now;
    do {
      now = waiting.get();
      if (now >= max) {
        return false;
      }
    } while (!waiting.compareAndSet(now, now + 1));
    return true;
  }

  /** One piece of work counted by {@link #tryEnter} is done (or dropped). */
  void leave() {
    waiting.decrementAndGet();
  }

  /** Pieces of work waiting now. */
  int waiting() {
    return waiting.get();
  }
}
