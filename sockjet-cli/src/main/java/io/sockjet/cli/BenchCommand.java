package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * and timed. Progress goes to stderr once a second; the final table goes to stdout. With {@code
 * --fanout} it measures a {@code serve --pubsub} server instead: one publisher, many subscribers
 * ({@link FanoutBench}).
 *
 * <p>Threads: all connections share the client's event loops (one per core by default), where
 * {@link BenchConnection} sends and checks; this command's own thread only sleeps, samples and
 * prints.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Load-tests a WebSocket echo server: each connection keeps --in-flight messages "
            + "outstanding, sending one more for each echo. Every echo must equal what was sent "
            + "(each message carries its sequence number and send time); any difference, lost "
            + "message or dropped connection is an error.",
        "Prints progress every second on stderr and a table on stdout: messages, messages/s, "
            + "MB/s (payload, one way), latency p50/p99/p99.9/max (round trip), errors.",
        "With --fanout it measures a sockjet serve --pubsub server: --subscribers connections "
            + "subscribe to --topic, and one more publishes to it (pub TOPIC PAYLOAD, the payload "
            + "carrying its sequence number and send time) at --publish-rate, or as fast as "
            + "--in-flight publishes not yet received by every subscriber allow. The table has "
            + "publishes, deliveries, deliveries/s, latency from publish to receipt, and errors: "
            + "lost deliveries (gaps in a subscriber's sequence, or none at all), out of order, "
            + "changed, connections lost."},
    footer = {"", "Examples:",
        "  sockjet serve --echo --port 8080 &",
        "  sockjet bench ws://localhost:8080/",
        "  sockjet bench -c 100 --size 1024 --in-flight 4 -d 30s ws://localhost:8080/",
        "  sockjet bench --text --messages 100000 --warmup 0 ws://localhost:8080/",
        "  sockjet serve --pubsub --port 9000 &",
        "  sockjet bench --fanout --subscribers 1000 --publish-rate 100 ws://localhost:9000/",
        "  sockjet bench --fanout --subscribers 50 --in-flight 16 ws://localhost:9000/",
        "", "Exit status:",
        "  0  no errors",
        "  1  a connection could not be opened (with --fanout: or a subscription not confirmed)",
        "  2  bad arguments",
        "  3  errors (a changed echo or delivery, a lost message or connection, or none at all)"})
final class BenchCommand implements Callable<Integer> {
  /** A counted run gives up when no echo at all arrives for this long. */
  static final Duration STALL = Duration.ofSeconds(10);

  @Parameters(index = "0", paramLabel = "URL",
      description = "ws:// or wss:// URL of an echo server (with --fanout: of a pubsub server).")
  URI url;

  @Option(names = {"-c", "--connections"}, paramLabel = "N",
      description = "Connections (default: ${DEFAULT-VALUE}).")
  int connections = 10;

  @Option(names = "--size", paramLabel = "BYTES",
      description = "Message size in bytes (with --fanout: of the payload after 'pub TOPIC '); "
          + "at least 16 binary, 32 text (default: ${DEFAULT-VALUE}).")
  int size = 32;

  @Option(names = "--in-flight", paramLabel = "N",
      description = "Messages outstanding per connection; with --fanout at no --publish-rate, "
          + "publishes not yet received by every subscriber (default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--fanout",
      description = "Measure a sockjet serve --pubsub server: subscribers and one publisher.")
  boolean fanout;

  @Option(names = "--subscribers", paramLabel = "N",
      description = "With --fanout: subscriber connections (default: ${DEFAULT-VALUE}).")
  int subscribers = 100;

  @Option(names = "--publish-rate", paramLabel = "N",
      description = "With --fanout: publishes a second; 0 for as fast as --in-flight publishes "
          + "not yet received by every subscriber allow (default: ${DEFAULT-VALUE}).")
  int publishRate;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "With --fanout: the topic (default: ${DEFAULT-VALUE}).")
  String topic = "bench";

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
    if (fanout) {
      try (WebSocketClient c = builder.eventLoops(loops).build()) {
        return new FanoutBench(new FanoutBench.Setup(url, topic, subscribers, size, inFlight,
            publishRate, duration, warmup, client.connectTimeout), io).run(c);
      }
    }
    BenchStats stats = new BenchStats(messages);
    long measureFrom = Long.MAX_VALUE; // set when the warm-up ends
    if (warmup.isZero()) {
      measureFrom = System.nanoTime();
      stats.startMeasuring(measureFrom); // before any send: the first message counts
    }
    try (WebSocketClient c = builder.eventLoops(loops).build()) {
      List<WebSocket> sockets = open(c, stats);
      if (sockets == null) {
        return ExitStatus.CONNECT_FAILED;
      }
      stats.opened(connections);
      Histogram total = run(stats, measureFrom);
      BenchConnections.closeAll(sockets);
      if (stats.nothingEchoed()) {
        io.err().println("sockjet: not an echo server: none of its " + stats.echoes()
            + " replies was the message sent (bench --fanout measures a serve --pubsub server)");
        return ExitStatus.FAILED;
      }
      BenchReport.print(io.out(), setup(), measuredSeconds, size, stats, total);
      if (stats.measured() - stats.lostMessages() == 0) {
        io.err().println("sockjet: no echo came back during the measurement");
        return ExitStatus.FAILED;
      }
      return stats.errors() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
    }
  }

  /** Opens every connection (concurrently); null and a printed reason if one failed. */
  private List<WebSocket> open(WebSocketClient c, BenchStats stats) throws InterruptedException {
    List<BenchConnection> drivers = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      drivers.add(new BenchConnection(i, new BenchPayload(text, size, i), inFlight, stats));
    }
    List<WebSocket> sockets =
        BenchConnections.open(c, url, drivers, client.connectTimeout, io.err());
    if (sockets == null) {
      stats.stop(System.nanoTime());
    }
    return sockets;
  }

  /**
   * Warms up (unless measuring started at {@code measureFrom} already), measures, stops; returns
   * the latencies of the measurement.
   */
  private Histogram run(BenchStats stats, long measureFrom) throws InterruptedException {
    long start = System.nanoTime();
    BenchProgress progress = new BenchProgress(new ProgressLine(io.err(), io.interactive()),
        stats.latency, "msg/s", start);
    long warmupEnd = start + warmup.toNanos();
    long measureStart = measureFrom;
    long lastEchoes = 0;
    long lastEchoAt = start;
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
        lastEchoes = echoes;
        lastEchoAt = now;
      }
      if (!done && now - lastEchoAt >= STALL.toNanos() && (messages > 0 || !measuring)) {
        stats.problem("no echo for " + STALL.toSeconds() + " s: giving up");
        stats.lost(stats.outstanding());
        done = true;
      }
      String phase = measuring && progress.intervalStart() >= measureStart ? "measuring"
          : "warm-up";
      if (done) {
        stats.stop(now);
        measuredSeconds = measuring ? (now - measureStart) / 1e9 : 0;
        return progress.finish(now, phase, echoes, stats.errors());
      }
      progress.tick(now, phase, echoes, stats.errors());
      // Short naps: a counted run ends within 10 ms of its last echo.
      stats.complete().await(10, TimeUnit.MILLISECONDS);
    }
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
    if (fanout) {
      validateFanout();
    } else {
      for (String option : new String[] {"--subscribers", "--publish-rate", "--topic"}) {
        if (given(option)) {
          throw usage(option + " goes with --fanout");
        }
      }
    }
    if (connections < 1) {
      throw usage("--connections must be at least 1");
    }
    if (inFlight < 1) {
      throw usage("--in-flight must be at least 1");
    }
    boolean textMessages = text || fanout;
    int min = BenchPayload.minimumSize(textMessages);
    if (size < min) {
      throw usage("--size must be at least " + min + " for " + (textMessages ? "text" : "binary")
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

  /** The options a fan-out run takes, and those it does not. */
  private void validateFanout() {
    if (given("--connections") || given("--messages") || binary) {
      throw usage("--fanout has --subscribers instead of --connections, a --duration and no "
          + "--messages, and text messages (the pubsub protocol is text)");
    }
    if (subscribers < 1) {
      throw usage("--subscribers must be at least 1");
    }
    if (publishRate < 0 || publishRate > 1_000_000_000) {
      throw usage("--publish-rate must be 0 (as fast as --in-flight allows) to 1000000000");
    }
    if (!PubSubCommand.isTopic(topic)) {
      throw usage("--topic: " + PubSubCommand.TOPIC_RULE);
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
