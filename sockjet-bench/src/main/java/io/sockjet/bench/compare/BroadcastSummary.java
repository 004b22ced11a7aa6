package io.sockjet.bench.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Adds up one broadcast or fan-out run ({@code io.sockjet.bench.load.BroadcastLoad}) into the
 * {@code RESULT} line that {@link ResultTable} reads: the start line of the trigger or publisher
 * and the lines of every receiver process, from their logs. Stateless.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.compare.BroadcastSummary 6 sockjet trigger.log receiver1.log receiver2.log</pre>
 *
 * <p>The measured window runs from the start line's send time to the last arrival in any
 * receiver. Delivered per second: the window's deliveries (a fan-out's back-to-back ones; its
 * paced ones come before the window) over its length. Server CPU: the server's ticks at the end
 * (the latest receiver's reading) minus those at the start, as a share of one core over the
 * window and in microseconds per delivery (and the kernel's part of it: system calls, and on
 * loopback the receiving side's TCP work that the server's writes run); driver CPU: the receivers' own ticks over the window;
 * each core's busy share: the CPU readings of the start line and of the receiver that finished
 * last. Latencies (fan-out only): every receiver's histograms merged, then the percentiles.
 * Errors: wrong or failed messages plus those that never arrived.
 */
public final class BroadcastSummary {
  /** Clock ticks per second in {@code /proc} (USER_HZ), as {@code CpuTicks} reads them. */
  private static final double TICKS_PER_SECOND = 100;

  private BroadcastSummary() {}

  /** Args: scenario, peer, then the log files. Prints one {@code RESULT} line. */
  public static void main(String[] args) throws IOException, DataFormatException {
    List<Map<String, String>> lines = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      for (String line : Files.readAllLines(Path.of(args[i]))) {
        if (line.startsWith("RESULT ")) {
          lines.add(ResultTable.fields(line));
        }
      }
    }
    System.out.println(summary(args[0], args[1], lines));
  }

  /**
   * The summary line of one run, from its start line and its receivers' lines (as {@link
   * ResultTable#fields} reads them).
   */
  public static String summary(String scenario, String peer, List<Map<String, String>> lines)
      throws DataFormatException {
    Map<String, String> start = null;
    List<Map<String, String>> receivers = new ArrayList<>();
    for (Map<String, String> f : lines) {
      switch (f.getOrDefault("kind", "")) {
        case "broadcast-trigger", "fanout-publisher" -> start = f;
        case "broadcast-receiver" -> receivers.add(f);
        default -> { }
      }
    }
    if (start == null || receivers.isEmpty()) {
      throw new IllegalArgumentException("no start line or no receiver line");
    }
    boolean fanout = start.get("kind").equals("fanout-publisher");
    long messages = number(start, "messages");
    long paced = fanout ? number(start, "paced") : 0;
    long connections = 0;
    long received = 0;
    long expected = 0;
    long errors = 0;
    long driverTicks = 0;
    Map<String, String> lastReceiver = receivers.get(0);
    long serverEnd = -1;
    long serverSysEnd = -1;
    Histogram pacedLatency = new Histogram(3);
    Histogram burstLatency = new Histogram(3);
    for (Map<String, String> r : receivers) {
      connections += number(r, "connections");
      received += number(r, "received");
      expected += number(r, "expected");
      errors += number(r, "errors");
      driverTicks += number(r, "cpu_ticks");
      serverEnd = Math.max(serverEnd, number(r, "server_ticks"));
      serverSysEnd = Math.max(serverSysEnd, number(r, "server_sys_ticks"));
      if (number(r, "last_ns") > number(lastReceiver, "last_ns")) {
        lastReceiver = r;
      }
      if (fanout) {
        pacedLatency.add(decode(r.get("paced_hist")));
        burstLatency.add(decode(r.get("burst_hist")));
      }
    }
    // Deliveries in the window: a fan-out's back-to-back messages; a broadcast's all of them.
    long delivered = fanout ? burstLatency.getTotalCount() : received;
    double window = (number(lastReceiver, "last_ns") - number(start, "sent_ns")) / 1e9;
    long serverTicks = serverEnd - number(start, "server_ticks");
    long serverSysTicks = serverSysEnd - number(start, "server_sys_ticks");
    boolean known = window > 0 && serverEnd >= 0 && number(start, "server_ticks") >= 0;
    StringBuilder out = new StringBuilder("RESULT kind=").append(fanout ? "fanout" : "broadcast")
        .append(" scenario=").append(scenario).append(" peer=").append(peer)
        .append(" connections=").append(connections).append(" messages=").append(messages);
    if (fanout) {
      out.append(" warmup=").append(number(start, "warmup")).append(" paced=").append(paced);
    }
    out.append(" size=").append(number(start, "size"))
        .append(" delivered=").append(delivered)
        .append(" expected=").append(connections * messages)
        .append(" window_s=").append(decimal(window, 3))
        .append(" delivered_per_s=").append(window > 0 ? decimal(delivered / window, 0) : "-1")
        .append(" server_cpu=")
        .append(known ? decimal(serverTicks / TICKS_PER_SECOND / window, 2) : "-1")
        .append(" server_us_per_delivery=").append(known && delivered > 0
            ? decimal(serverTicks / TICKS_PER_SECOND * 1e6 / delivered, 2) : "-1")
        .append(" server_sys_us_per_delivery=").append(known && delivered > 0
            && serverSysEnd >= 0 && number(start, "server_sys_ticks") >= 0
            ? decimal(serverSysTicks / TICKS_PER_SECOND * 1e6 / delivered, 2) : "-1")
        .append(" driver_cpu=")
        .append(window > 0 ? decimal(driverTicks / TICKS_PER_SECOND / window, 2) : "-1")
        .append(" errors=").append(errors + expected - received);
    if (fanout) {
      out.append(" p50_us=").append(micros(pacedLatency, 50))
          .append(" p99_us=").append(micros(pacedLatency, 99))
          .append(" max_us=").append(micros(pacedLatency, 100))
          .append(" min_us=").append(decimal(pacedLatency.getMinValue() / 1e3, 1))
          .append(" burst_p50_us=").append(micros(burstLatency, 50))
          .append(" burst_p99_us=").append(micros(burstLatency, 99));
    }
    for (int cpu = 0; start.containsKey("cpu" + cpu + "_ticks"); cpu++) {
      long total = number(lastReceiver, "cpu" + cpu + "_ticks") - number(start, "cpu" + cpu + "_ticks");
      long busy = number(lastReceiver, "cpu" + cpu + "_busy_ticks")
          - number(start, "cpu" + cpu + "_busy_ticks");
      if (total > 0) {
        out.append(" cpu").append(cpu).append("_busy=").append(decimal(busy / (double) total, 2));
      }
    }
    return out.toString();
  }

  private static Histogram decode(String base64) throws DataFormatException {
    return Histogram.decodeFromCompressedByteBuffer(
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
  }

  private static String micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-1"
        : decimal(h.getValueAtPercentile(percentile) / 1e3, 0);
  }

  private static long number(Map<String, String> f, String key) {
    String v = f.get(key);
    return v == null ? -1 : Long.parseLong(v);
  }

  private static String decimal(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
