package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sockjet bench URL}: a load generator against any WebSocket echo server. Every connection
 * keeps a number of messages in flight; every echo is checked byte for byte against what was sent
 * and timed. Progress goes to stderr once a second; the final table goes to stdout.
 *
 * <p>Threads: all connections share the client's event loops (one per core by default), where
 * {@link BenchConnection} sends and checks; this command's own thread only sleeps, samples and
 * prints.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Load-tests a WebSocket echo server: each connection keeps --in-flight messages "
            + "outstanding, sending one more for each echo. Every echo must equal what was sent "
            + "(each message carries its sequence number and send time); any difference, lost "
            + "message or dropped connection is an error.",
        "Prints progress every second on stderr and a table on stdout: messages, messages/s, "
            + "MB/s (payload, one way), latency p50/p99/p99.9/max (round trip), errors."},
    footer = {"", "Examples:",
        "  sockjet serve --echo --port 8080 &",
        "  sockjet bench ws://localhost:8080/",
        "  sockjet bench -c 100 --size 1024 --in-flight 4 -d 30s ws://localhost:8080/",
        "  sockjet bench --text --messages 100000 --warmup 0 ws://localhost:8080/",
        "", "Exit status:",
        "  0  no errors",
        "  1  a connection could not be opened",
        "  2  bad arguments",
        "  3  errors (a changed echo, a lost message or connection, or no echo at all)"})
final class BenchCommand implements Callable<Integer> {
  /** A counted run gives up when no echo at all arrives for this long. */
  static final Duration STALL = Duration.ofSeconds(10);
  /** How long closing the connections may take at the end (the library's close timeout is 5 s). */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(6);

  @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL of an echo server.")
  URI url;

  @Option(names = {"-c", "--connections"}, paramLabel = "N",
      description = "Connections (default: ${DEFAULT-VALUE}).")
  int connections = 10;

  @Option(names = "--size", paramLabel = "BYTES",
      description = "Message size in bytes; at least 16 binary, 32 text (default: ${DEFAULT-VALUE}).")
  int size = 32;

  @Option(names = "--in-flight", paramLabel = "N",
      description = "Messages outstanding per connection (default: ${DEFAULT-VALUE}).")
  int inFlight = 8;

  @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to measure, e.g. 10s, 1m (default: 10s).")
  Duration duration = Duration.ofSeconds(10);

  @Option(names = {"-n", "--messages"}, paramLabel = "COUNT",
      description = "Measure this many messages (over all connections) instead of a duration.")
  long messages;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Load before measuring, to warm up the JIT and the server (default: 1s).")
  Duration warmup = Duration.ofSeconds(1);

  @Option(names = "--binary", description = "Binary messages (the default).")
  boolean binary;

  @Option(names = "--text", description = "Text messages (ASCII) instead of binary.")
  boolean text;

  @Option(names = "--loops", paramLabel = "N",
      description = "Client event loops shared by all connections (default: one per core; "
          + "with the server on the same machine, 1 often measures more).")
  int loops = Runtime.getRuntime().availableProcessors();

  @Mixin
  ClientOptions client = new ClientOptions();

  @Spec
  CommandSpec spec;

  private final Stdio io;
  /** Seconds the measurement lasted; set by {@link #run}. */
  private double measuredSeconds;

  /** For picocli: the process's standard streams. */
  BenchCommand() {
    this(Stdio.system());
  }

  /** On the given streams (tests). */
  BenchCommand(Stdio io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    validate();
    WebSocketClient.Builder builder;
    try {
      builder = client.configure(WebSocketClient.builder(), io.err());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    BenchStats stats = new BenchStats(messages);
    long measureFrom = Long.MAX_VALUE; // set when the warm-up ends
    if (warmup.isZero()) {
      measureFrom = System.nanoTime();
      stats.startMeasuring(measureFrom); // before any send: the first message counts
    }
    try (WebSocketClient c = builder.eventLoops(loops).build()) {
      List<WebSocket> sockets = new ArrayList<>(connections);
      Integer failed = open(c, stats, sockets);
      if (failed != null) {
        return failed;
      }
      stats.opened(connections);
      Histogram total = run(stats, measureFrom);
      closeAll(sockets);
      BenchReport.print(io.out(), setup(), measuredSeconds, size, stats, total);
      if (stats.measured() - stats.lostMessages() == 0) {
        io.err().println("sockjet: no echo came back during the measurement");
        return ExitStatus.FAILED;
      }
      return stats.errors() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
    }
  }

  /** Opens every connection (concurrently); on failure prints why and returns the status. */
  private Integer open(WebSocketClient c, BenchStats stats, List<WebSocket> sockets)
      throws InterruptedException {
    boolean textMessages = text;
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      BenchConnection driver =
          new BenchConnection(i, new BenchPayload(textMessages, size, i), inFlight, stats);
      opening.add(c.connect(url, driver));
    }
    for (int i = 0; i < connections; i++) {
      try {
        sockets.add(opening.get(i).get());
      } catch (ExecutionException e) {
        stats.stop(System.nanoTime());
        String why = ConnectFailure.describe(url, e.getCause(), client.connectTimeout);
        io.err().println(connections == 1 ? why
            : why + " (connection " + (i + 1) + " of " + connections + ")");
        return ExitStatus.CONNECT_FAILED;
      }
    }
    return null;
  }

  /**
   * Warms up (unless measuring started at {@code measureFrom} already), measures, stops; returns
   * the latencies of the measurement.
   */
  private Histogram run(BenchStats stats, long measureFrom) throws InterruptedException {
    ProgressLine progress = new ProgressLine(io.err(), io.interactive());
    Histogram total = new Histogram(3);
    Histogram interval = null;
    long start = System.nanoTime();
    long warmupEnd = start + warmup.toNanos();
    long measureStart = measureFrom;
    long lastEchoes = 0;
    long lastEchoAt = start;
    long tick = start;
    while (true) {
      long now = System.nanoTime();
      if (measureStart == Long.MAX_VALUE && now >= warmupEnd) {
        measureStart = now;
        stats.startMeasuring(now);
      }
      boolean measuring = measureStart != Long.MAX_VALUE;
      boolean done = stats.complete().getCount() == 0
          || measuring && messages == 0 && now - measureStart >= duration.toNanos();
      long echoes = stats.echoes();
      if (echoes != lastEchoes) {
        lastEchoAt = now;
      }
      if (!done && now - lastEchoAt >= STALL.toNanos() && (messages > 0 || !measuring)) {
        stats.problem("no echo for " + STALL.toSeconds() + " s: giving up");
        stats.lost(stats.outstanding());
        done = true;
      }
      if (done) {
        stats.stop(now);
        measuredSeconds = measuring ? (now - measureStart) / 1e9 : 0;
        interval = stats.latency.getIntervalHistogram(interval);
        total.add(interval);
        progress.show(status(now - start, measuring, echoes - lastEchoes, now - tick, interval,
            stats));
        progress.finish();
        return total;
      }
      if (now - tick >= 1_000_000_000L) {
        interval = stats.latency.getIntervalHistogram(interval);
        total.add(interval);
        progress.show(status(now - start, measuring, echoes - lastEchoes, now - tick, interval,
            stats));
        lastEchoes = echoes;
        tick = now;
      }
      // Short naps: a counted run ends within 10 ms of its last echo.
      stats.complete().await(10, TimeUnit.MILLISECONDS);
    }
  }

  private static String status(long elapsed, boolean measuring, long echoes, long over,
      Histogram interval, BenchStats stats) {
    return String.format(Locale.ROOT, "%5.1fs %-9s %,12.0f msg/s  p99 %s  errors %,d",
        elapsed / 1e9, measuring ? "measuring" : "warm-up", over > 0 ? echoes * 1e9 / over : 0.0,
        interval.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%,.1f us",
            interval.getValueAtPercentile(99) / 1e3), stats.errors());
  }

  /** Closes every connection with 1000 and waits, bounded, for the closing handshakes. */
  private static void closeAll(List<WebSocket> sockets) {
    List<CompletableFuture<CloseEvent>> closing = new ArrayList<>(sockets.size());
    for (WebSocket ws : sockets) {
      closing.add(ws.closeFuture());
      ws.close(1000, "bench done");
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  private String setup() {
    String what = messages > 0 ? String.format(Locale.ROOT, "%,d messages", messages)
        : "a duration of " + duration.toMillis() / 1000.0 + " s";
    return String.format(Locale.ROOT,
        "sockjet bench %s: %d connection%s, %d in flight each, %d-byte %s messages, %s, "
            + "after a %.1f s warm-up (%.2f s measured)",
        url, connections, connections == 1 ? "" : "s", inFlight, size, text ? "text" : "binary",
        what, warmup.toMillis() / 1000.0, measuredSeconds);
  }

  private void validate() {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
        || url.getHost() == null) {
      throw usage("URL must be ws://host[:port]/path or wss://..., got '" + url + "'");
    }
    if (binary && text) {
      throw usage("--binary and --text exclude each other");
    }
    if (connections < 1) {
      throw usage("--connections must be at least 1");
    }
    if (inFlight < 1) {
      throw usage("--in-flight must be at least 1");
    }
    int min = BenchPayload.minimumSize(text);
    if (size < min) {
      throw usage("--size must be at least " + min + " for " + (text ? "text" : "binary")
          + " messages: each carries its sequence number and send time");
    }
    if (messages < 0) {
      throw usage("--messages must be positive");
    }
    if (messages == 0 && (duration.isZero() || duration.isNegative())) {
      throw usage("--duration must be positive");
    }
    if (warmup.isNegative()) {
      throw usage("--warmup must not be negative");
    }
    if (loops < 1) {
      throw usage("--loops must be at least 1");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
