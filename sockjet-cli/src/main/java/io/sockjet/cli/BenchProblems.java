package io.sockjet.cli;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: what went wrong during a {@code bench} run, told by the connections from every
 * event loop. The first few descriptions are kept word for word for the report; the rest are only
 * counted, so a run that goes wrong a million times does not keep a million strings.
 */
final class BenchProblems {
  /** Descriptions kept word for word. */
  static final int KEPT = 5;

  private final Queue<String> kept = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  /** Counts a problem, and keeps its description if it is one of the first few. */
  void add(String description) {
    if (count.getAndIncrement() < KEPT) {
      kept.add(description);
    }
  }

  /** The first problems, word for word. */
  Iterable<String> kept() {
    return kept;
  }

  /** How many problems were told (more than {@link #kept()} holds past {@link #KEPT}). */
  int count() {
    return count.get();
  }
}
