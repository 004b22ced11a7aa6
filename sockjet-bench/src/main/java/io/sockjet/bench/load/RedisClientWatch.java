package io.sockjet.bench.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockjet.bench.compare.ResultTable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches how much Redis holds for the cluster nodes' subscribing connections: polls {@code
 * CLIENT LIST} every {@code --interval-ms} (default 2) and keeps, for each client whose name
 * ends in {@code -sub} (a {@code RedisBroker}'s subscriber), the largest output buffer seen
 * ({@code omem}, what Redis measures against {@code client-output-buffer-limit pubsub}), its
 * largest {@code tot-mem} and reply-list length ({@code oll}). Runs for {@code --seconds} or
 * until stopped, then prints one {@code RESULT} line per client. For {@code bench/cluster.sh}'s
 * burst.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.RedisClientWatch \
 *     --uri redis://127.0.0.1:6379 --seconds 30
 * </pre>
 *
 * <p>A poll is a sample: a buffer that fills and drains between two polls is not seen. Redis
 * answers {@code CLIENT LIST} between the commands it runs, so a poll never lands inside one
 * {@code PUBLISH}'s fan-out; the peak reported is the largest at a command boundary, which is
 * where Redis checks the limit too (after writing a reply to the client's buffer). Single-threaded.
 */
public final class RedisClientWatch {
  private static final Set<String> OPTIONS = Set.of("uri", "interval-ms", "seconds");

  /** The peaks of one client. */
  private static final class Peak {
    long omem;
    long totMem;
    long oll;
    long atNanos;
  }

  private RedisClientWatch() {}

  /** Polls until the time is up or the process is stopped; see the class comment. */
  public static void main(String[] args) {
    LoadArgs opts = LoadArgs.parse(args, OPTIONS);
    long interval = (long) (opts.seconds("interval-ms", 2) * 1_000_000);
    long end = System.nanoTime() + (long) (opts.seconds("seconds", 3600) * 1e9);
    Map<String, Peak> peaks = new TreeMap<>();
    long[] samples = {0};
    // Stopped by a signal (the script's kill), it still reports what it saw.
    Thread report = new Thread(() -> {
      synchronized (peaks) {
        print(peaks, samples[0]);
      }
    });
    Runtime.getRuntime().addShutdownHook(report);
    RedisClient client = RedisClient.create(opts.string("uri", "redis://127.0.0.1:6379"));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      System.out.println("READY");
      System.out.flush();
      while (System.nanoTime() < end) {
        String list = redis.clientList();
        long now = System.nanoTime();
        synchronized (peaks) {
          samples[0]++;
          for (String line : list.split("\n")) {
            record(peaks, line, now);
          }
        }
        LockSupport.parkNanos(interval);
      }
    } finally {
      client.shutdown();
    }
    // The time is up: the hook reports, as it does when stopped.
  }

  /** Records one {@code CLIENT LIST} line if it is a subscriber's. */
  private static void record(Map<String, Peak> peaks, String line, long now) {
    Map<String, String> f = ResultTable.pairs(line);
    String name = f.getOrDefault("name", "");
    if (!name.endsWith("-sub")) {
      return;
    }
    Peak p = peaks.computeIfAbsent(name, n -> new Peak());
    long omem = Long.parseLong(f.getOrDefault("omem", "0"));
    if (omem > p.omem) {
      p.omem = omem;
      p.atNanos = now;
    }
    p.totMem = Math.max(p.totMem, Long.parseLong(f.getOrDefault("tot-mem", "0")));
    p.oll = Math.max(p.oll, Long.parseLong(f.getOrDefault("oll", "0")));
  }

  private static void print(Map<String, Peak> peaks, long samples) {
    for (Map.Entry<String, Peak> e : peaks.entrySet()) {
      Peak p = e.getValue();
      new ResultLine().put("kind", "redis-client").put("name", e.getKey())
          .put("samples", samples).put("peak_omem", p.omem).put("peak_omem_ns", p.atNanos)
          .put("peak_tot_mem", p.totMem).put("peak_oll", p.oll).print();
    }
  }
}
