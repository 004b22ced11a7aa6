package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * Counts a fan-out's messages ({@link BroadcastLoad}'s subscriber role): each carries the
 * publisher's send time ({@link EchoPayload}, text: 16 hex digits of {@link System#nanoTime()},
 * then a fixed filler, checked byte for byte), and the time from that to the read that brought it
 * is recorded. The first {@code warmup} messages of every connection warm the server up and are
 * only counted; the next {@code paced} were published one at a time, the rest back to back, so
 * their latencies go to two histograms: what one publish takes to reach everyone, and what a
 * burst does to it. A connection's messages arrive in the order they were published, so its
 * count tells which is which; with a sequenced payload the sequence number tells it, and each
 * connection's numbers are checked for gaps (messages lost between two that arrived), numbers
 * that come back or go backwards, and, at the end, for the messages after its last one that
 * another connection of this process got (lost at the end, or still on their way).
 *
 * <p>The publisher runs in another process: its {@code nanoTime} and ours are comparable because
 * on Linux HotSpot reads {@code CLOCK_MONOTONIC}, one clock for the whole machine (the Java
 * specification promises only one JVM; this driver relies on Linux, as the CPU readings from
 * {@code /proc} do). A message stamped after it was read would show that clock not to be shared:
 * it counts as an error. Confined to the loop thread, but for what the main thread reads once
 * the count is complete.
 */
final class StampedCounter extends BroadcastCounter {
  private final EchoPayload payload;
  private final int warmup;
  private final int paced;
  /** Latencies in nanoseconds, 3 significant digits, of the one-at-a-time publishes. */
  private final Histogram pacedLatency = new Histogram(3);
  /** The same for the back-to-back publishes. */
  private final Histogram burstLatency = new Histogram(3);
  /** This process's CPU ticks when the first back-to-back message arrived; -1 before. */
  private volatile long burstCpu = -1;
  /** Sequence gaps, of all connections: how many, the messages in them, the first and last. */
  // Written by the loop thread only, read by the main thread when it reports.
  private volatile long gaps;
  private volatile long gapMessages;
  private volatile long firstMissing = -1;
  private volatile long lastMissing = -1;
  private volatile long backwards;
  private volatile int connectionsWithGaps;
  /** The highest sequence number any connection got. */
  private volatile long highest = -1;
  /** Every connection's state, for the messages missing at the end (read by the main thread). */
  private final Queue<Seen> all = new ConcurrentLinkedQueue<>();

  /** A connection's messages so far and the sequence number it expects next. */
  private static final class Seen {
    int count;
    volatile long next;
    boolean gapped;
  }

  /**
   * Counts {@code expected} messages like {@code payload}'s: on each connection {@code warmup},
   * then {@code paced} one at a time, then the burst.
   */
  StampedCounter(EchoPayload payload, int warmup, int paced, long expected) {
    super(null, expected);
    this.payload = payload;
    this.warmup = warmup;
    this.paced = paced;
  }

  @Override
  boolean accept(RawConnection c, int opcode, ByteBuffer message, long nanos) {
    long sent = payload.sentAt(opcode, message);
    if (sent < 0 || nanos < sent) {
      return false;
    }
    Seen seen = (Seen) c.attachment;
    if (seen == null) {
      seen = new Seen();
      c.attachment = seen;
      all.add(seen);
    }
    long sequence = payload.sequence(message);
    long index = sequence < 0 ? seen.count : sequence;
    seen.count++;
    if (sequence >= 0) {
      checkSequence(seen, sequence);
    }
    if (index < warmup) {
      return true;
    }
    boolean burst = index >= warmup + paced;
    if (burst && burstCpu < 0) {
      // Once per process: the paced phase's reading is not part of the burst's cost.
      burstCpu = CpuTicks.self();
    }
    (burst ? burstLatency : pacedLatency).recordValue(nanos - sent);
    return true;
  }

  /** Counts a gap before {@code sequence}, or a number that is not new; loop thread. */
  private void checkSequence(Seen seen, long sequence) {
    if (sequence < seen.next) {
      backwards++;
      return;
    }
    if (sequence > seen.next) {
      gaps++;
      gapMessages += sequence - seen.next;
      firstMissing = firstMissing < 0 ? seen.next : Math.min(firstMissing, seen.next);
      lastMissing = Math.max(lastMissing, sequence - 1);
      if (!seen.gapped) {
        seen.gapped = true;
        connectionsWithGaps++;
      }
    }
    seen.next = sequence + 1;
    highest = Math.max(highest, sequence);
  }

  @Override
  long cpuAtStart(long ticksWhenReady) {
    long atBurst = burstCpu;
    return atBurst < 0 ? ticksWhenReady : atBurst;
  }

  /**
   * The two histograms, compressed and in Base64, for {@code BroadcastSummary} to merge, and
   * the sequence checks. Read once the loop has stopped counting (the publisher's messages are
   * all in, or the receiver's time is up); what a message still arriving would change is within
   * one message.
   */
  @Override
  void report(ResultLine line) {
    line.put("paced_hist", encode(pacedLatency)).put("burst_hist", encode(burstLatency));
    long tail = 0;
    for (Seen s : all) {
      tail += highest + 1 - s.next;
    }
    line.put("gaps", gaps).put("gap_messages", gapMessages).put("gap_first", firstMissing)
        .put("gap_last", lastMissing).put("connections_with_gaps", connectionsWithGaps)
        .put("backwards", backwards).put("highest_sequence", highest).put("tail_missing", tail);
  }

  private static String encode(Histogram h) {
    Histogram copy = h.copy(); // the loop may still be running: encode a copy, not a moving one
    ByteBuffer out = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
    int length = copy.encodeIntoCompressedByteBuffer(out, 9);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(out.array(), length));
  }
}
