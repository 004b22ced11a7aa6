package io.sockjet.bench.load;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Echo throughput and latency over loopback: a Sockjet echo server and Sockjet clients in one JVM,
 * on separate event loops (one each by default, so on two cores each side has one). Every
 * connection keeps {@code inFlight} binary messages outstanding; each carries its send time, so
 * latency is measured per round trip. Prints messages/s, MB/s and latency percentiles.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.EchoLoad 100 32 16 10
 *   (connections, message bytes (at least 8), messages in flight per connection, seconds)
 * </pre>
 */
public final class EchoLoad {
  private EchoLoad() {}

  /** Runs the load; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int size = Math.max(8, args.length > 1 ? Integer.parseInt(args[1]) : 32);
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;

    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
          }
        }).start();
    AtomicLong received = new AtomicLong();
    // Latencies in microseconds, one histogram bucket per microsecond up to 100 ms.
    long[] histogram = new long[100_001];
    AtomicLong measuring = new AtomicLong(); // 0 warm-up, 1 measuring, 2 done
    WebSocketListener driver = new WebSocketListener() {
      @Override
      public void onBinary(WebSocket ws, ByteBuffer data) {
        long sent = data.getLong(0);
        if (measuring.get() == 1) {
          long micros = (System.nanoTime() - sent) / 1000;
          synchronized (histogram) {
            histogram[(int) Math.min(micros, histogram.length - 1)]++;
          }
          received.incrementAndGet();
        }
        if (measuring.get() < 2) {
          data.putLong(0, System.nanoTime());
          ws.sendBinary(data);
        }
      }
    };
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).listener(driver).build()) {
      URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
      List<WebSocket> sockets = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        sockets.add(client.connect(uri).get());
      }
      for (WebSocket ws : sockets) {
        for (int j = 0; j < inFlight; j++) {
          ByteBuffer message = ByteBuffer.allocate(size);
          message.putLong(0, System.nanoTime());
          ws.sendBinary(message);
        }
      }
      Thread.sleep(2000); // warm-up: JIT and steady queues
      measuring.set(1);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long count = received.get();
      double elapsed = (System.nanoTime() - start) / 1e9;
      measuring.set(2);
      long[] h;
      synchronized (histogram) {
        h = Arrays.copyOf(histogram, histogram.length);
      }
      System.out.printf("connections=%d size=%dB inFlight=%d: %,.0f msg/s, %.1f MB/s each way,"
          + " latency p50=%dus p99=%dus p99.9=%dus%n", connections, size, inFlight,
          count / elapsed, count * (double) size / elapsed / 1e6, percentile(h, 0.50),
          percentile(h, 0.99), percentile(h, 0.999));
    } finally {
      server.shutdown(Duration.ofSeconds(5)).join();
    }
  }

  private static long percentile(long[] histogram, double p) {
    long total = 0;
    for (long c : histogram) {
      total += c;
    }
    long target = (long) Math.ceil(total * p);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= target && target > 0) {
        return i;
      }
    }
    return -1;
  }
}
