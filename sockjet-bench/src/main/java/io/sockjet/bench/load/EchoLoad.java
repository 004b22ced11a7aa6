package io.sockjet.bench.load;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Echo throughput and latency over loopback: clients on one thread keep a number of messages in
 * flight on every connection to an echo server, check every echo, and measure each round trip.
 * The server is either an external one at {@code --port} (any library's: see {@code
 * io.sockjet.bench.peers} and {@code bench/compare.sh}) or, without {@code --port}, a Sockjet
 * server with one event loop started in this JVM. The clients are either the raw client ({@link
 * RawEchoClient}: prebuilt frames, the default against an external server, so that the driver
 * costs less per message than the server it measures) or Sockjet's own {@code WebSocketClient}
 * on one event loop (the default in-process, and a check that both clients agree).
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.EchoLoad \
 *     --port 9000 --connections 100 --size 32 --type text --in-flight 16 --seconds 10 --warmup 3
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.EchoLoad 100 32 16 10
 *   (the second form: in-process server, binary; connections, bytes, in flight, seconds)
 * </pre>
 *
 * <p>Options: {@code --host} (127.0.0.1), {@code --port} (0: in-process server), {@code --path}
 * (/), {@code --connections} (100), {@code --size} in bytes (32; at least 8 for binary, 16 for
 * text), {@code --type} text or binary (binary), {@code --in-flight} per connection (16), {@code
 * --seconds} measured (10), {@code --warmup} seconds before measuring (2), {@code --client} raw or
 * sockjet (see above), {@code --server-pid}
 * (to report the server's CPU use), and {@code --peer} and {@code --scenario}, labels copied into
 * the result line.
 *
 * <p>Prints a readable line and a {@code RESULT key=value ...} line: messages/s (echoes received
 * in the measured window), MB/s each way, latency percentiles in microseconds (HdrHistogram),
 * errors (wrong echoes, connection errors), and the CPU share the server, this driver, and each
 * core as a whole used in the window (1.0 = one core), which tells which side was the limit.
 */
public final class EchoLoad {
  private static final Set<String> OPTIONS = Set.of("host", "port", "path", "connections",
      "size", "type", "in-flight", "seconds", "warmup", "server-pid", "peer", "scenario",
      "client");

  private EchoLoad() {}

  /** Runs the load; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    LoadArgs opts = args.length > 0 && !args[0].startsWith("--")
        ? LoadArgs.parse(positional(args), OPTIONS) : LoadArgs.parse(args, OPTIONS);
    int connections = opts.integer("connections", 100);
    String type = opts.string("type", "binary");
    if (!type.equals("text") && !type.equals("binary")) {
      throw new IllegalArgumentException("--type text or binary, got " + type);
    }
    EchoPayload payload = new EchoPayload(type.equals("text"), opts.integer("size", 32));
    int inFlight = opts.integer("in-flight", 16);
    double seconds = opts.seconds("seconds", 10);
    double warmup = opts.seconds("warmup", 2);
    long serverPid = opts.longValue("server-pid", -1);

    int port = opts.integer("port", 0);
    WebSocketServer inProcess = port == 0 ? startEchoServer() : null;
    if (inProcess != null) {
      port = inProcess.port();
    }
    String host = opts.string("host", "127.0.0.1");
    String path = opts.string("path", "/");
    String clientKind = opts.string("client", inProcess != null ? "sockjet" : "raw");
    EchoMeter driver;
    AutoCloseable client;
    if (clientKind.equals("raw")) {
      Selector selector = Selector.open();
      List<RawConnection> sockets =
          RawConnector.open(selector, new InetSocketAddress(host, port), path, connections);
      RawEchoClient raw = new RawEchoClient(payload, inFlight);
      raw.start(sockets, inFlight);
      RawLoop loop = new RawLoop(selector, raw, payload.size(), 0); // latency counts: no pause
      Thread thread = loop.start("raw-echo-client");
      driver = raw;
      client = () -> {
        loop.stop();
        thread.join(2000);
        RawLoop.closeAll(sockets);
        selector.close();
      };
    } else if (clientKind.equals("sockjet")) {
      EchoDriver sockjet = new EchoDriver(payload);
      WebSocketClient ws = WebSocketClient.builder().eventLoops(1).listener(sockjet).build();
      client = () -> ws.shutdown(Duration.ofSeconds(2)).join();
      sockjet.start(Connector.open(ws, URI.create("ws://" + host + ":" + port + path),
          connections), inFlight);
      driver = sockjet;
    } else {
      throw new IllegalArgumentException("--client raw or sockjet, got " + clientKind);
    }
    try {
      Thread.sleep((long) (warmup * 1000)); // JIT on both sides, queues at their steady size

      long echoes0 = driver.echoes();
      driver.latenciesSinceLastCall(); // drops the warm-up's latencies
      long server0 = CpuTicks.process(serverPid);
      long serverSystem0 = CpuTicks.system(serverPid);
      long self0 = CpuTicks.self();
      long[][] cpus0 = CpuTicks.perCpu();
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      long echoes = driver.echoes() - echoes0;
      Histogram h = driver.latenciesSinceLastCall();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long server1 = CpuTicks.process(serverPid);
      long serverSystem1 = CpuTicks.system(serverPid);
      long self1 = CpuTicks.self();
      long[][] cpus1 = CpuTicks.perCpu();
      driver.stop();

      double rate = echoes / elapsed;
      double p50 = h.getValueAtPercentile(50) / 1e3;
      double p99 = h.getValueAtPercentile(99) / 1e3;
      double p999 = h.getValueAtPercentile(99.9) / 1e3;
      System.out.printf(Locale.ROOT, "connections=%d size=%dB %s inFlight=%d: %,.0f msg/s,"
          + " %.1f MB/s each way, latency p50=%.0fus p99=%.0fus p99.9=%.0fus, errors=%d%n",
          connections, payload.size(), type, inFlight, rate, rate * payload.size() / 1e6, p50, p99,
          p999, driver.errors());
      ResultLine result = new ResultLine().put("kind", "echo").put("client", clientKind)
          .put("scenario", opts.string("scenario", "-")).put("peer", opts.string("peer", "-"))
          .put("type", type).put("connections", connections).put("size", payload.size())
          .put("in_flight", inFlight).put("seconds", elapsed, 2).put("messages", echoes)
          .put("msg_per_s", rate, 0).put("mb_per_s", rate * payload.size() / 1e6, 2)
          .put("p50_us", p50, 1).put("p99_us", p99, 1).put("p999_us", p999, 1)
          .put("errors", driver.errors())
          .put("server_cpu", inProcess != null ? -1 : CpuTicks.share(server0, server1, elapsed), 2)
          // The server's CPU per echo, and the kernel's part of it: what no library can cut.
          .put("server_us_per_msg", inProcess != null ? -1
              : CpuTicks.microsPer(server0, server1, echoes), 2)
          .put("server_sys_us_per_msg", inProcess != null ? -1
              : CpuTicks.microsPer(serverSystem0, serverSystem1, echoes), 2)
          .put("driver_cpu", CpuTicks.share(self0, self1, elapsed), 2);
      for (int cpu = 0; cpu < Math.min(cpus0.length, cpus1.length); cpu++) {
        double busy = cpus1[cpu][0] - cpus0[cpu][0];
        double total = cpus1[cpu][1] - cpus0[cpu][1];
        result.put("cpu" + cpu + "_busy", total > 0 ? busy / total : -1, 2);
      }
      result.print();
    } finally {
      client.close();
      if (inProcess != null) {
        inProcess.shutdown(Duration.ofSeconds(5)).join();
      }
    }
  }

  /** The first form's positional arguments as options: connections, bytes, in flight, seconds. */
  private static String[] positional(String[] args) {
    String[] names = {"--connections", "--size", "--in-flight", "--seconds"};
    String[] out = new String[2 * Math.min(args.length, names.length)];
    for (int i = 0; i < out.length / 2; i++) {
      out[2 * i] = names[i];
      out[2 * i + 1] = args[i];
    }
    return out;
  }

  /** A Sockjet echo server with one event loop, in this JVM (the first form). */
  private static WebSocketServer startEchoServer() {
    return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
          }
        }).start();
  }
}
