package io.sockjet.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Stateless: formats the final table of {@code bench}: what ran, then one row per figure, and the
 * first problems if there were errors. Latencies are shown in microseconds; MB/s counts payload
 * bytes echoed per second (10^6 bytes), one way.
 */
final class BenchReport {
  private BenchReport() {}

  /**
   * Prints the table for a run described by {@code setup}, measured over {@code seconds}, whose
   * latencies (nanoseconds) are in {@code latency}.
   */
  static void print(PrintStream out, String setup, double seconds, int size, BenchStats stats,
      Histogram latency) {
    long messages = stats.measured() - stats.lostMessages();
    out.println(setup);
    row(out, "messages", String.format(Locale.ROOT, "%,d", messages));
    row(out, "messages/s", seconds <= 0 ? "-"
        : String.format(Locale.ROOT, "%,.0f", messages / seconds));
    row(out, "MB/s", seconds <= 0 ? "-"
        : String.format(Locale.ROOT, "%,.2f", messages * (double) size / seconds / 1e6));
    row(out, "latency p50", micros(latency, 50));
    row(out, "latency p99", micros(latency, 99));
    row(out, "latency p99.9", micros(latency, 99.9));
    row(out, "latency max", latency.getTotalCount() == 0 ? "-"
        : String.format(Locale.ROOT, "%,.1f us", latency.getMaxValue() / 1e3));
    row(out, "errors", String.format(Locale.ROOT, "%,d", stats.errors()));
    if (stats.errors() > 0) {
      row(out, "  mismatched", String.format(Locale.ROOT, "%,d", stats.mismatches()));
      row(out, "  lost", String.format(Locale.ROOT, "%,d", stats.lostMessages()));
      row(out, "  connections lost", String.format(Locale.ROOT, "%,d", stats.connectionsLost()));
    }
    for (String problem : stats.problems()) {
      out.println("  " + problem);
    }
    int more = stats.problemCount() - BenchStats.PROBLEMS_KEPT;
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

  private static void row(PrintStream out, String name, String value) {
    out.printf(Locale.ROOT, "  %-18s %14s%n", name, value);
  }
}
