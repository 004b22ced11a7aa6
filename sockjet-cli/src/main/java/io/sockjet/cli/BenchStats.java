package io.sockjet.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Thread-safe: what every {@link BenchConnection} reports to, from all event loops at once, and
 * the phase they all obey. Recording allocates nothing: counters are {@link LongAdder}s (one
 * {@link AtomicLong} where the last message of a counted run must be noticed), latencies go to an
 * HdrHistogram {@link Recorder}, which takes values from many threads without locks and hands
 * out interval histograms for the progress line.
 *
 * <p>Phases, by send: {@link #admit} decides, once per message, whether it is warm-up (checked,
 * not timed or counted) or measured (counted if echoed before {@link #measureEnd}); the sender
 * keeps that answer with the message. Deciding it again later from the send time would not do:
 * a send admitted as warm-up just before {@link #startMeasuring}'s write became visible can carry
 * a time after the start, and would then be counted without having taken a permit. With a
 * message count, every measured send takes a permit, and the run is complete when that many
 * measured messages have come back (or been given up as lost).
 */
final class BenchStats {
  /** Round-trip times of measured messages, in nanoseconds (3 significant digits). */
  final Recorder latency = new Recorder(3);
  private final LongAdder echoes = new LongAdder();
  private final LongAdder mismatches = new LongAdder(); // measured messages only
  private final LongAdder anyMismatches = new LongAdder(); // warm-up included
  private final LongAdder lost = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  private final AtomicLong measured = new AtomicLong();
  private final LongAdder measuredSent = new LongAdder();
  private final AtomicInteger connectionsOpen = new AtomicInteger();
  private final AtomicLong permits;
  private final long target;
  private final CountDownLatch complete = new CountDownLatch(1);
  private final BenchProblems problems = new BenchProblems();
  private volatile long measureStart = Long.MAX_VALUE;
  private volatile long measureEnd = Long.MAX_VALUE;
  private volatile boolean sending = true;

  /** A run of {@code messages} measured messages, or of a duration if {@code messages} is 0. */
  BenchStats(long messages) {
    this.target = messages;
    this.permits = new AtomicLong(messages > 0 ? messages : Long.MAX_VALUE);
  }

  /** {@code count} connections are open and sending. */
  void opened(int count) {
    connectionsOpen.set(count);
  }

  /** From now on, sends are measured. */
  void startMeasuring(long now) {
    measureStart = now;
  }

  /** Stops sending; echoes that arrive after {@code now} are not counted. */
  void stop(long now) {
    measureEnd = now;
    sending = false;
  }

  /** Whether connections should keep sending (false once the run is over). */
  boolean sending() {
    return sending;
  }

  /** {@link #admit}: the message may not be sent (the run is over, or its count used up). */
  static final int REFUSED = 0;
  /** {@link #admit}: a warm-up message, checked but neither timed nor counted. */
  static final int WARM_UP = 1;
  /** {@link #admit}: a measured message, which has taken one of the count's permits. */
  static final int MEASURED = 2;

  /**
   * Whether a message may be sent at {@code now}, and as what: always, as warm-up, before
   * measuring starts; after, as measured, only if the message count (if any) is not used up.
   */
  int admit(long now) {
    if (!sending) {
      return REFUSED;
    }
    if (now < measureStart) {
      return WARM_UP;
    }
    if (permits.getAndDecrement() > 0) {
      measuredSent.increment();
      return MEASURED;
    }
    return REFUSED;
  }

  /**
   * An echo came back at {@code now}, sent at {@code sentAt}; {@code intact} if it matched, and
   * {@code measured} if {@link #admit} said so when it was sent.
   */
  void echoed(long sentAt, long now, boolean intact, boolean measured) {
    echoes.increment();
    if (!intact) {
      anyMismatches.increment();
      if (measured) {
        mismatches.increment(); // the warm-up's are not the measurement's errors
      }
    }
    if (measured && now <= measureEnd) {
      latency.recordValue(Math.max(0, now - sentAt));
      countMeasured(1);
    }
  }

  /** {@code count} measured messages will never come back (their connection ended). */
  void lost(long count) {
    if (count > 0) {
      lost.add(count);
      countMeasured(count);
    }
  }

  /**
   * A connection ended before the run did. When it was the last one, the run is over: nothing
   * else can come back.
   */
  void connectionLost(String why) {
    connectionsLost.increment();
    problem(why);
    if (connectionsOpen.decrementAndGet() <= 0) {
      complete.countDown();
    }
  }

  /** Keeps the first few problem descriptions for the report. */
  void problem(String description) {
    problems.add(description);
  }

  private void countMeasured(long n) {
    long total = measured.addAndGet(n);
    if (target > 0 && total >= target && total - n < target) {
      complete.countDown();
    }
  }

  /**
   * Completes when a counted run has all its messages back, or (either kind of run) when every
   * connection has been lost.
   */
  CountDownLatch complete() {
    return complete;
  }

  /** Echoes received so far, warm-up included (the progress line's rate, stall detection). */
  long echoes() {
    return echoes.sum();
  }

  /** Measured messages so far (come back, or given up as lost). */
  long measured() {
    return measured.get();
  }

  /** Measured messages sent and neither come back nor given up yet (for a stalled run). */
  long outstanding() {
    return Math.max(0, measuredSent.sum() - measured.get());
  }

  /**
   * Whether every reply so far differed from what was sent, warm-up included: the server does
   * not echo (a pubsub or chat server, say), rather than spoiling a few echoes.
   */
  boolean nothingEchoed() {
    long all = echoes.sum();
    return all > 0 && anyMismatches.sum() == all;
  }

  /** Measured echoes whose payload differed from what was sent. */

  long mismatches() {
    return mismatches.sum();
  }

  /** Measured messages that never came back. */
  long lostMessages() {
    return lost.sum();
  }

  /** Connections that ended before the run. */
  long connectionsLost() {
    return connectionsLost.sum();
  }

  /** Total errors: mismatches, lost messages and lost connections. */
  long errors() {
    return mismatches() + lostMessages() + connectionsLost();
  }

  /** What went wrong, for the report. */
  BenchProblems problems() {
    return problems;
  }
}
