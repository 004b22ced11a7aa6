package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * Counts a fan-out's messages ({@link BroadcastLoad}'s subscriber role): each carries the
 * publisher's send time ({@link EchoPayload}, text: 16 hex digits of {@link System#nanoTime()},
 * then a fixed filler, checked byte for byte), and the time from that to the read that brought it
 * is recorded. The first {@code warmup} messages of every connection warm the server up and are
 * only counted; the next {@code paced} were published one at a time, the rest back to back, so
 * their latencies go to two histograms: what one publish takes to reach everyone, and what a
 * burst does to it. A connection's messages arrive in the order they were published, so its
 * count tells which is which.
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
    int[] seen = (int[]) c.attachment;
    if (seen == null) {
      seen = new int[1];
      c.attachment = seen;
    }
    int index = seen[0]++;
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

  @Override
  long cpuAtStart(long ticksWhenReady) {
    long atBurst = burstCpu;
    return atBurst < 0 ? ticksWhenReady : atBurst;
  }

  /** The two histograms, compressed and in Base64, for {@code BroadcastSummary} to merge. */
  @Override
  void report(ResultLine line) {
    line.put("paced_hist", encode(pacedLatency)).put("burst_hist", encode(burstLatency));
  }

  private static String encode(Histogram h) {
    Histogram copy = h.copy(); // the loop may still be running: encode a copy, not a moving one
    ByteBuffer out = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
    int length = copy.encodeIntoCompressedByteBuffer(out, 9);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(out.array(), length));
  }
}
