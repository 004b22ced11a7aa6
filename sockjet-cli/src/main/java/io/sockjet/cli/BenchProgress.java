package io.sockjet.cli;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Not thread-safe; used by the one thread that runs {@code bench}: once a second, and once at the
 * end, takes the latencies recorded since the last time from the run's {@link Recorder}, adds them
 * to the run's total, and shows the status line with the rate of a count since then (echoes,
 * deliveries) and the phase the run is in.
 */
final class BenchProgress {
  private static final long SECOND = 1_000_000_000L;

  private final ProgressLine line;
  private final Recorder recorder;
  private final String unit;
  private final long start;
  private final Histogram total = new Histogram(3);
  private Histogram interval;
  private long shownAt;
  private long shownCount;

  /** Shows on {@code line} a rate in {@code unit} ("msg/s") of a run started at {@code start}. */
  BenchProgress(ProgressLine line, Recorder recorder, String unit, long start) {
    this.line = line;
    this.recorder = recorder;
    this.unit = unit;
    this.start = start;
    this.shownAt = start;
  }

  /**
   * When the interval the next status line reports began: the caller names that line's phase
   * from it, so the line that reports the warm-up's last second says "warm-up".
   */
  long intervalStart() {
    return shownAt;
  }

  /** Shows the status if a second has passed since it was last shown. */
  void tick(long now, String phase, long count, long errors) {
    if (now - shownAt >= SECOND) {
      show(now, phase, count, errors);
    }
  }

  /** Shows the status a last time and returns every latency recorded during the run. */
  Histogram finish(long now, String phase, long count, long errors) {
    show(now, phase, count, errors);
    line.finish();
    return total;
  }

  private void show(long now, String phase, long count, long errors) {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    line.show(BenchReport.status(now - start, phase, count - shownCount, now - shownAt, unit,
        interval, errors));
    shownCount = count;
    shownAt = now;
  }
}
