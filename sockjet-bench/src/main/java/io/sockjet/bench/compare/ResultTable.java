package io.sockjet.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code RESULT key=value ...} lines of a side-by-side run and prints one Markdown table
 * per scenario: every peer's median over its repetitions, and its ratio to Sockjet's median.
 * The CPU columns are shares of one core: the server's (pinned to core 0), the driver's (core
 * 1), and how busy each core was with anything at all, others' work included. Only
 * medians: on a shared machine single runs swing by tens of percent, and the median of runs
 * interleaved across peers is the figure least moved by what else ran at the time.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.compare.ResultTable results.txt</pre>
 */
public final class ResultTable {
  /** The peer every ratio is taken against. */
  static final String BASELINE = "sockjet";

  /** Where the load ran: the driver's share of its core, and how busy each core was. */
  private static final List<Column> LOAD = List.of(
      new Column("driver_cpu", "driver CPU", 2, false),
      new Column("cpu0_busy", "core 0 busy", 2, false),
      new Column("cpu1_busy", "core 1 busy", 2, false));

  /** A broadcast's or a fan-out's rate and what each delivery cost the server. */
  private static final List<Column> DELIVERIES = List.of(
      new Column("delivered_per_s", "delivered msg/s", 0, true),
      new Column("window_s", "time (s)", 2, false),
      new Column("server_cpu", "server CPU", 2, false),
      new Column("server_us_per_delivery", "server CPU µs/delivery", 2, true),
      new Column("server_sys_us_per_delivery", "of which kernel", 2, false));

  private ResultTable() {}

  /** Args: the results file. Prints the tables on standard output. */
  public static void main(String[] args) throws IOException {
    Map<String, Map<String, List<Map<String, String>>>> byScenario = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RESULT ")) {
        continue;
      }
      Map<String, String> fields = fields(line);
      byScenario.computeIfAbsent(fields.getOrDefault("scenario", "-"), k -> new LinkedHashMap<>())
          .computeIfAbsent(fields.getOrDefault("peer", "-"), k -> new ArrayList<>()).add(fields);
    }
    for (Map.Entry<String, Map<String, List<Map<String, String>>>> s : byScenario.entrySet()) {
      System.out.println(table(s.getKey(), s.getValue()));
    }
  }

  /** The {@code key=value} fields of a {@code RESULT} line, in their order. */
  public static Map<String, String> fields(String line) {
    return pairs(line.substring("RESULT ".length()));
  }

  /**
   * The {@code key=value} pairs of a line of them separated by spaces, in their order (a {@code
   * RESULT} line's after its first word; Redis's {@code CLIENT LIST} lines too).
   */
  public static Map<String, String> pairs(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.trim().split(" +")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return fields;
  }

  /** One scenario's table; the columns depend on the kind of measurement. */
  static String table(String scenario, Map<String, List<Map<String, String>>> byPeer) {
    Map<String, String> sample = byPeer.values().iterator().next().get(0);
    String kind = sample.getOrDefault("kind", "echo");
    List<Column> columns = switch (kind) {
      case "idle" -> List.of(new Column("heap_per_conn", "heap/conn (B)", 0, true),
          new Column("rss_per_conn", "RSS/conn (B)", 0, true));
      case "broadcast" -> concat(DELIVERIES, LOAD);
      case "fanout" -> concat(DELIVERIES, List.of(
          new Column("p50_us", "one publish: p50 (µs)", 0, false),
          new Column("p99_us", "p99 (µs)", 0, false),
          new Column("burst_p50_us", "burst: p50 (µs)", 0, false),
          new Column("burst_p99_us", "p99 (µs)", 0, false)), LOAD);
      default -> concat(List.of(new Column("msg_per_s", "msg/s", 0, true),
          new Column("mb_per_s", "MB/s", 1, false), new Column("p50_us", "p50 (µs)", 0, false),
          new Column("p99_us", "p99 (µs)", 0, false), new Column("p999_us", "p99.9 (µs)", 0, false),
          new Column("server_cpu", "server CPU", 2, false),
          new Column("server_us_per_msg", "server CPU µs/msg", 2, true),
          new Column("server_sys_us_per_msg", "of which kernel", 2, false)), LOAD);
    };
    StringBuilder out = new StringBuilder();
    out.append("Scenario ").append(scenario).append(": ").append(title(kind, sample))
        .append("\n\n| peer |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (Column c : columns) {
      out.append(' ').append(c.title).append(" |");
      rule.append(" ---: |");
      if (c.ratio) {
        out.append(" ratio |");
        rule.append(" ---: |");
      }
    }
    out.append(" errors | runs |\n").append(rule).append(" ---: | ---: |\n");
    Map<String, Double> baseline = new LinkedHashMap<>();
    List<Map<String, String>> base = byPeer.get(BASELINE);
    for (Column c : columns) {
      baseline.put(c.key, base == null ? Double.NaN : median(base, c.key));
    }
    for (Map.Entry<String, List<Map<String, String>>> p : byPeer.entrySet()) {
      out.append("| ").append(p.getKey()).append(" |");
      for (Column c : columns) {
        double m = median(p.getValue(), c.key);
        out.append(' ').append(format(m, c.decimals)).append(" |");
        if (c.ratio) {
          double r = m / baseline.get(c.key);
          out.append(' ').append(Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-")
              .append(" |");
        }
      }
      long errors = 0;
      for (Map<String, String> run : p.getValue()) {
        errors += (long) number(run, "errors");
      }
      out.append(' ').append(errors).append(" | ").append(p.getValue().size()).append(" |\n");
    }
    return out.toString();
  }

  private static String title(String kind, Map<String, String> f) {
    return switch (kind) {
      case "idle" -> f.get("connections") + " idle connections";
      case "broadcast" -> f.get("messages") + " broadcasts of " + f.getOrDefault("size", "?")
          + " B text to " + f.get("connections") + " connections";
      case "fanout" -> "publishes of " + f.get("size") + " B text to " + f.get("connections")
          + " subscribers: " + f.get("warmup") + " to warm up, " + f.get("paced")
          + " one at a time (latency), then "
          + f.get("messages") + " back to back (rate, CPU, latency under the burst)";
      default -> f.get("connections") + " connections, " + f.get("size") + " B " + f.get("type")
          + ", " + f.get("in_flight") + " in flight per connection";
    };
  }

  @SafeVarargs
  private static List<Column> concat(List<Column>... parts) {
    List<Column> all = new ArrayList<>();
    for (List<Column> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /** The median of a field over runs; NaN if no run has it (or all say -1, unknown). */
  static double median(List<Map<String, String>> runs, String key) {
    double[] v = runs.stream().mapToDouble(r -> number(r, key))
        .filter(x -> x != -1 && !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  private static double number(Map<String, String> run, String key) {
    String v = run.get(key);
    try {
      return v == null ? Double.NaN : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String format(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** A column: the result field, its heading, decimals shown, and whether a ratio follows. */
  private record Column(String key, String title, int decimals, boolean ratio) {}
}
