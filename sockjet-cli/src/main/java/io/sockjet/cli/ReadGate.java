package io.sockjet.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flow control for bytes that arrive faster than they are consumed: a connection's messages on
 * their way to a program's standard input. The producer (the event loop) calls {@link #added}, the
 * consumer (the writer thread) {@link #removed}; reading from the socket is paused while more than
 * {@code high} bytes wait and resumed once they have fallen to {@code low}, so TCP pushes back on
 * the client instead of memory filling up.
 *
 * <p>Thread-safe. Pause and resume are issued from different threads, and the connection may
 * carry them out in another order than issued (one runs at once on the loop, the other is queued
 * to it). So the gate does not trust a flag to mirror the socket: every {@link #added} above the
 * mark pauses again, which bounds the overshoot after such a reordering to one socket read; and
 * whichever side sees the backlog low with a pause outstanding resumes, exactly once.
 */
final class ReadGate {
  /** What the gate switches. */
  interface Valve {
    /** Stop reading from the peer. */
    void pause();

    /** Read from the peer again. */
    void resume();
  }

  private final Valve valve;
  private final long high;
  private final long low;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean paused = new AtomicBoolean();

  /** Pauses {@code valve} above {@code high} waiting bytes, resumes at or below {@code low}. */
  ReadGate(Valve valve, long high, long low) {
    if (low > high) {
      throw new IllegalArgumentException("low " + low + " above high " + high);
    }
    this.valve = valve;
    this.high = high;
    this.low = low;
  }

  /** {@code n} more bytes wait to be consumed. Called by the producer. */
  void added(long n) {
    if (pending.addAndGet(n) > high) {
      paused.set(true);
      valve.pause();
      // The consumer may have emptied the backlog between the addition and the flag: it saw no
      // pause to undo, and may now wait for input that will never come. Undo it here.
      resumeIfLow();
    }
  }

  /** {@code n} waiting bytes were consumed. Called by the consumer. */
  void removed(long n) {
    pending.addAndGet(-n);
    resumeIfLow();
  }

  /** Bytes waiting now. */
  long pending() {
    return pending.get();
  }

  private void resumeIfLow() {
    if (pending.get() <= low && paused.compareAndSet(true, false)) {
      valve.resume();
    }
  }
}
