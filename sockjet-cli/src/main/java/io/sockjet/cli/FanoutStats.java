package io.sockjet.cli;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Thread-safe: what the subscribers and the publisher of a fan-out run report, from every event
 * loop at once, and whether the run goes on. Recording allocates nothing (adders and an
 * HdrHistogram {@link Recorder}).
 *
 * <p>Phases: a publish is measured if it was sent at or after the end of the warm-up. Its send
 * time travels in the message, so every subscriber decides the phase from the message alone, the
 * same way the publisher did: no race between a phase change and a delivery in flight.
 */
final class FanoutStats {
  /** Publish-to-receipt times of measured deliveries, in nanoseconds (3 significant digits). */
  final Recorder latency = new Recorder(3);
  private final LongAdder received = new LongAdder(); // every delivery, warm-up included
  private final LongAdder delivered = new LongAdder(); // measured deliveries, in order
  private final LongAdder outOfOrder = new LongAdder();
  private final LongAdder mismatches = new LongAdder();
  private final LongAdder missedTold = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAccumulator lastDelivery = new LongAccumulator(Math::max, Long.MIN_VALUE);
  private final BenchProblems problems = new BenchProblems();
  private volatile long warmupEnd = Long.MAX_VALUE;
  private volatile boolean running = true;

  /** Publishes sent at or after {@code warmupEnd} ({@code System.nanoTime()}) are measured. */
  void measureFrom(long warmupEnd) {
    this.warmupEnd = warmupEnd;
  }

  /** Whether a publish sent at {@code sentAt} is measured. */
  boolean measured(long sentAt) {
    return sentAt >= warmupEnd;
  }

  /** Whether the publisher should go on (false once the run is over or has failed). */
  boolean running() {
    return running;
  }

  /** Ends the run: the publisher stops, and closes from now on are ours. */
  void stop() {
    running = false;
  }

  /** A subscriber got, in order, the publish sent at {@code sentAt}, at {@code now}. */
  void delivered(long sentAt, long now) {
    received.increment();
    if (measured(sentAt)) {
      delivered.increment();
      latency.recordValue(Math.max(0, now - sentAt));
      lastDelivery.accumulate(now);
    }
  }

  /** A subscriber got a publish older than one it had already (a repeat, or out of order). */
  void outOfOrder(String why) {
    outOfOrder.increment();
    problems.add(why);
  }

  /** A message was not what was published, or not what the protocol sends. */
  void mismatch(String why) {
    mismatches.increment();
    problems.add(why);
  }

  /** The server told a subscriber it skipped {@code count} publishes (a slow subscriber). */
  void missedTold(long count) {
    missedTold.add(count);
  }

  /** The publisher's queue refused a publish: the server does not read as fast as it sends. */
  void refused(String why) {
    refused.increment();
    problems.add(why);
  }

  /** A connection ended during the run: the run cannot be complete, so it stops. */
  void connectionLost(String why) {
    connectionsLost.increment();
    problems.add(why);
    running = false;
  }

  /** Some other thing went wrong (a stall, a connection error). */
  void problem(String why) {
    problems.add(why);
  }

  /** Deliveries so far, warm-up included (the progress line's rate, stall detection). */
  long received() {
    return received.sum();
  }

  /** Measured deliveries that came in order. */
  long delivered() {
    return delivered.sum();
  }

  /** When the last measured delivery came ({@code Long.MIN_VALUE} if none did). */
  long lastDelivery() {
    return lastDelivery.get();
  }

  long outOfOrder() {
    return outOfOrder.sum();
  }

  long mismatches() {
    return mismatches.sum();
  }

  long missedTold() {
    return missedTold.sum();
  }

  long connectionsLost() {
    return connectionsLost.sum();
  }

  long refused() {
    return refused.sum();
  }

  /** Errors counted here (lost deliveries are counted from the totals at the end). */
  long errors() {
    return outOfOrder() + mismatches() + connectionsLost() + refused();
  }

  BenchProblems problems() {
    return problems;
  }
}
