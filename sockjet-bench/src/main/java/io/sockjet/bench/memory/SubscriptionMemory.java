package io.sockjet.bench.memory;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * Measures the server heap each topic subscription costs: a Sockjet server in this JVM with N
 * idle connections from a child JVM ({@link IdleClients}, as {@link IdleConnectionMemory} does),
 * the heap after full GCs taken with the connections open, then again after every connection has
 * subscribed to K topics, and once more after every subscription has ended (which should give
 * the memory back: an emptied topic is freed). Also prints the difference of the live-object
 * class histograms before and after subscribing, per subscription: where the bytes went.
 *
 * <pre>
 * java -Xmx2g -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.memory.SubscriptionMemory 10000 100 shared
 * java -Xmx2g -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.memory.SubscriptionMemory 10000 10 own
 * </pre>
 *
 * <p>{@code shared}: K topics, each with all N connections (the many-subscribers case: 10,000 x
 * 100 is a million subscriptions to 100 topics). {@code own}: each connection subscribes to K
 * topics of its own (N x K topics of one subscriber each, where a topic's own objects dominate).
 * Each subscribe is given a new String for the topic name, as a server that reads names from
 * client messages does; the library keeps one name per topic, so the copies are garbage. The
 * subscribes are made from this thread; the shard arrays fill on the loops, and the measurement
 * waits for every loop to have run what was handed to it first.
 */
public final class SubscriptionMemory {
  /** Event loops of the measured server: two, as in {@link IdleConnectionMemory}. */
  private static final int LOOPS = 2;
  /** Histogram rows printed: enough to account for all but a few bytes per subscription. */
  private static final int ROWS = 14;

  private SubscriptionMemory() {}

  /**
   * Args: connections (default 10000), topics per connection (default 100), {@code shared} or
   * {@code own} (default shared). {@code -Dhold.seconds=N} keeps everything open that long after
   * subscribing, for {@code jcmd <pid> GC.class_histogram} or a heap dump.
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perConnection = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    String layout = args.length > 2 ? args[2] : "shared";
    if (!layout.equals("shared") && !layout.equals("own")) {
      throw new IllegalArgumentException("layout is shared or own, not " + layout);
    }
    // Keepalive off, as in IdleConnectionMemory: a pending timer per connection is not a
    // subscription's cost, and the idle clients answer pings only once a second.
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .eventLoops(LOOPS).noKeepalive().start();
    ChildClients clients = ChildClients.start(IdleClients.class, String.valueOf(server.port()),
        String.valueOf(count), "-1", "cold");
    clients.expect("READY");
    List<WebSocket> open = server.connections();
    long before = Heap.settled();
    Map<String, long[]> histogramBefore = Heap.classHistogram();

    long started = System.nanoTime();
    for (int i = 0; i < open.size(); i++) {
      WebSocket ws = open.get(i);
      for (int k = 0; k < perConnection; k++) {
        if (!ws.subscribe(layout.equals("shared") ? "topic-" + k : "c" + i + "/t" + k)) {
          throw new IllegalStateException("subscribe refused: connection " + i + ", topic " + k);
        }
      }
    }
    drainLoops(server);
    double seconds = (System.nanoTime() - started) / 1e9;
    long subscriptions = server.topics().subscriptions();
    int topics = server.topics().names().size();
    long after = Heap.settled();
    Map<String, long[]> histogramAfter = Heap.classHistogram();

    long hold = Long.getLong("hold.seconds", 0);
    if (hold > 0) {
      System.out.println("holding for " + hold + " s, pid " + ProcessHandle.current().pid());
      Thread.sleep(hold * 1000);
    }
    for (WebSocket ws : open) {
      for (String topic : ws.subscriptions()) {
        ws.unsubscribe(topic);
      }
    }
    drainLoops(server);
    long left = Heap.settled();
    Map<String, long[]> histogramLeft = Heap.classHistogram();

    System.out.printf("connections: %d, topics: %d (%s), subscriptions: %,d%n", open.size(),
        topics, layout, subscriptions);
    System.out.printf("subscribed in %.2f s (%,.0f subscribes/s, one thread)%n", seconds,
        subscriptions / seconds);
    System.out.printf("heap with the connections: %,d bytes; subscribed: %,d; all left: %,d%n",
        before, after, left);
    System.out.printf("heap per subscription: %,.1f bytes%n",
        (after - before) / (double) subscriptions);
    System.out.printf("heap left per subscription after unsubscribing all: %,.1f bytes"
        + " (%d topics left)%n", (left - before) / (double) subscriptions,
        server.topics().names().size());
    System.out.print("subscribed, class histogram minus the one before: ");
    printDifference(histogramBefore, histogramAfter, subscriptions);
    System.out.print("all left, class histogram minus the one before subscribing: ");
    printDifference(histogramBefore, histogramLeft, subscriptions);
    clients.close();
    server.shutdown(Duration.ofSeconds(5)).join();
  }

  /**
   * Returns once every loop has run the tasks handed to it so far: a subscribe adds to its
   * topic's shard in a task on the connection's loop, and a loop runs its tasks in order, so a
   * task queued behind them on each loop marks the point where they are all done.
   */
  private static void drainLoops(WebSocketServer server) throws InterruptedException {
    // loopExecutor() hands out the loops in turn: twice the loops covers each at least once.
    CountDownLatch done = new CountDownLatch(2 * LOOPS);
    for (int i = 0; i < 2 * LOOPS; i++) {
      Executor loop = server.loopExecutor();
      loop.execute(done::countDown);
    }
    done.await();
  }

  /** The classes whose live bytes grew most, per subscription. */
  private static void printDifference(Map<String, long[]> before, Map<String, long[]> after,
      long subscriptions) {
    List<String[]> rows = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] was = before.getOrDefault(e.getKey(), new long[2]);
      long bytes = e.getValue()[1] - was[1];
      long instances = e.getValue()[0] - was[0];
      total += bytes;
      if (bytes > subscriptions / 10) { // more than 0.1 byte per subscription
        rows.add(new String[] {String.format("%8.1f", bytes / (double) subscriptions),
            String.format("%8.3f", instances / (double) subscriptions),
            String.format("%8.1f", instances == 0 ? 0 : bytes / (double) instances), e.getKey()});
      }
    }
    rows.sort((a, b) -> Double.compare(Double.parseDouble(b[0].trim()),
        Double.parseDouble(a[0].trim())));
    System.out.printf("%,.1f bytes per subscription%n",
        total / (double) subscriptions);
    System.out.println("  B/sub   inst/sub   B/inst  class");
    for (String[] row : rows.subList(0, Math.min(ROWS, rows.size()))) {
      System.out.println(String.join(" ", row));
    }
  }
}
