package io.sockjet.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Stateless: formats what {@code bench} prints: the once-a-second status line, and the final
 * table of an echo run ({@link #print}) or a fan-out run ({@link #printFanout}): what ran, then
 * one row per figure, and the first problems if there were errors. Latencies are shown in
 * microseconds; MB/s counts payload bytes per second (10^6 bytes), one way.
 */
final class BenchReport {
  private BenchReport() {}

  /**
   * The status line: seconds since the start, the phase ("warm-up", "measuring", ...), a rate of
   * {@code count} per {@code over} nanoseconds in {@code unit}, the interval's p99 and errors.
   */
  static String status(long elapsed, String phase, long count, long over, String unit,
      Histogram interval, long errors) {
    return String.format(Locale.ROOT, "%5.1fs %-9s %,12.0f %s  p99 %s  errors %,d",
        elapsed / 1e9, phase, over > 0 ? count * 1e9 / over : 0.0, unit,
        interval.getTotalCount() == 0 ? "-" : micros(interval, 99), errors);
  }

  /**
   * Prints the table for an echo run described by {@code setup}, measured over {@code seconds},
   * whose latencies (nanoseconds) are in {@code latency}.
   */
  static void print(PrintStream out, String setup, double seconds, int size, BenchStats stats,
      Histogram latency) {
    long messages = stats.measured() - stats.lostMessages();
    out.println(setup);
    row(out, "messages", count(messages));
    throughput(out, "messages/s", messages, size, seconds);
    latency(out, latency);
    row(out, "errors", count(stats.errors()));
    if (stats.errors() > 0) {
      row(out, "  mismatched", count(stats.mismatches()));
      row(out, "  lost", count(stats.lostMessages()));
      row(out, "  connections lost", count(stats.connectionsLost()));
    }
    problems(out, stats.problems());
  }

  /**
   * Prints the table for a fan-out run: publishes and deliveries measured over {@code seconds},
   * latency from publish to receipt, and every kind of error, with the subscriber that lost most.
   */
  static void printFanout(PrintStream out, String setup, double seconds, int size,
      FanoutStats stats, FanoutResult result, Histogram latency) {
    out.println(setup);
    row(out, "publishes", count(result.publishes()));
    row(out, "deliveries", count(stats.delivered()));
    throughput(out, "deliveries/s", stats.delivered(), size, seconds);
    latency(out, latency);
    long errors = stats.errors() + result.lost();
    row(out, "errors", count(errors));
    if (errors > 0) {
      row(out, "  lost", count(result.lost()));
      row(out, "  most by one", count(result.mostLostByOne()));
      row(out, "  out of order", count(stats.outOfOrder()));
      row(out, "  mismatched", count(stats.mismatches()));
      row(out, "  connections lost", count(stats.connectionsLost()));
      row(out, "  refused to send", count(stats.refused()));
    }
    if (stats.missedTold() > 0) {
      row(out, "missed (told)", count(stats.missedTold()));
    }
    problems(out, stats.problems());
  }

  /** The rate row and the MB/s row for {@code messages} of {@code size} bytes. */
  private static void throughput(PrintStream out, String name, long messages, int size,
      double seconds) {
    row(out, name, seconds <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", messages / seconds));
    row(out, "MB/s", seconds <= 0 ? "-"
        : String.format(Locale.ROOT, "%,.2f", messages * (double) size / seconds / 1e6));
  }

  private static void latency(PrintStream out, Histogram latency) {
    row(out, "latency p50", micros(latency, 50));
    row(out, "latency p99", micros(latency, 99));
    row(out, "latency p99.9", micros(latency, 99.9));
    row(out, "latency max", latency.getTotalCount() == 0 ? "-"
        : String.format(Locale.ROOT, "%,.1f us", latency.getMaxValue() / 1e3));
  }

  private static void problems(PrintStream out, BenchProblems problems) {
    for (String problem : problems.kept()) {
      out.println("  " + problem);
    }
    int more = problems.count() - BenchProblems.KEPT;
    if (more > 0) {
      out.println("  ... and " + more + " more");
    }
    out.flush();
  }

  private static String micros(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.1f us", h.getValueAtPercentile(percentile) / 1e3);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static void row(PrintStream out, String name, String value) {
    out.printf(Locale.ROOT, "  %-18s %14s%n", name, value);
  }
}
