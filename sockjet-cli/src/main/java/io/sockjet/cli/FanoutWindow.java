package io.sockjet.cli;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Thread-safe: bounds the publishes of a fan-out run that are not yet received by every
 * subscriber, so that publishing "as fast as possible" measures the server's pace instead of
 * filling its queues. The publisher takes a slot before each publish; each subscriber gives
 * back its share of a publish when it gets it, or learns it never will (a gap in the sequence);
 * the last share frees the slot.
 *
 * <p>Slot {@code seq % size} holds publish {@code seq}'s count of subscribers still to get it.
 * Each subscriber gets publishes in order, so they complete in order: when publish {@code seq}
 * may be sent, publish {@code seq - size} is complete, and its slot is free to reuse.
 */
final class FanoutWindow {
  private final int subscribers;
  private final AtomicIntegerArray waiting;
  private final Semaphore free;

  /** {@code size} publishes at most outstanding among {@code subscribers} subscribers. */
  FanoutWindow(int size, int subscribers) {
    this.subscribers = subscribers;
    this.waiting = new AtomicIntegerArray(size);
    this.free = new Semaphore(size);
  }

  /** Waits up to {@code timeoutNanos} for a free slot; false if none came. */
  boolean take(long timeoutNanos) throws InterruptedException {
    return free.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /** Publish {@code seq} is about to be sent: every subscriber is still to get it. */
  void sending(long seq) {
    waiting.set(slot(seq), subscribers);
  }

  /** One subscriber got publish {@code seq}, or will never get it. */
  void done(long seq) {
    if (waiting.decrementAndGet(slot(seq)) == 0) {
      free.release();
    }
  }

  private int slot(long seq) {
    return (int) (seq % waiting.length());
  }
}
