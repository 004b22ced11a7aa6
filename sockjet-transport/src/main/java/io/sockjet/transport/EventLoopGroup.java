package io.sockjet.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: a fixed set of {@link EventLoop}s, handed out round-robin.
 *
 * <p>Loop threads are named {@code <prefix>-<index>} and are not daemons unless asked for: a
 * server's loops keep the JVM alive, as a server's main thread usually returns after starting it.
 * Call {@link #close()} or {@link #shutdownGracefully} to let the JVM exit.
 */
public final class EventLoopGroup implements AutoCloseable {
  /** Bound of {@link #close()}'s graceful phase: long enough to flush small replies. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final List<EventLoop> loops;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

  /** A group with one loop per available processor, threads named {@code sockjet-loop-N}. */
  public EventLoopGroup() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A group of {@code size} loops reading the system clock. */
  public EventLoopGroup(int size) {
    this(size, "sockjet-loop", NanoClock.SYSTEM);
  }

  /**
   * A group of {@code size} loops whose threads are named {@code threadNamePrefix-N} and whose
   * timers read {@code clock}.
   */
  public EventLoopGroup(int size, String threadNamePrefix, NanoClock clock) {
    this(size, threadNamePrefix, clock, false);
  }

  /**
   * A group as {@link #EventLoopGroup(int, String, NanoClock)} makes, whose loop threads are
   * daemons if {@code daemon} is true: they do not keep the JVM alive (a client's loops, like the
   * JDK HTTP client's selector thread). Close the group all the same to release its selectors.
   */
  public EventLoopGroup(int size, String threadNamePrefix, NanoClock clock, boolean daemon) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    List<EventLoop> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(new EventLoop(threadNamePrefix + "-" + i, clock, daemon));
    }
    this.loops = List.copyOf(list);
    for (EventLoop loop : loops) {
      loop.terminationFuture().whenComplete((done, failure) -> {
        if (failure != null) {
          this.failure.complete(failure);
        }
      });
    }
  }

  /**
   * Completes, with the cause, when a loop of this group has failed and ended (its own machinery
   * broke, not one of its channels: those are closed and the loop goes on). A server built on the
   * group fails as a whole then, rather than living on without the loop's connections. Never
   * completes for a group that only shuts down.
   */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /** Returns the next loop, round-robin. */
  public EventLoop next() {
    return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
  }

  /** Returns the loops, in a fixed order. */
  public List<EventLoop> loops() {
    return loops;
  }

  /**
   * Shuts every loop down: servers stop accepting, channels close gracefully (flushing queued
   * bytes), watches are cancelled, and whatever is still open when {@code timeout} has passed is
   * aborted. The future completes when every loop thread has finished. Idempotent.
   */
  public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
    long nanos = timeout.toNanos();
    CompletableFuture<?>[] all = new CompletableFuture<?>[loops.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = loops.get(i).shutdownGracefully(nanos);
    }
    return CompletableFuture.allOf(all);
  }

  /**
   * Shuts down gracefully with a short bound (2 seconds) and waits for the loop threads to end.
   * Must not be called from one of this group's loops (it would wait for itself).
   */
  @Override
  public void close() {
    for (EventLoop loop : loops) {
      if (loop.inEventLoop()) {
        throw new IllegalStateException("close() called from a loop of this group");
      }
    }
    shutdownGracefully(CLOSE_TIMEOUT).join();
  }
}
