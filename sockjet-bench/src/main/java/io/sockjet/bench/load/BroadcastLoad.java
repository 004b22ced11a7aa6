package io.sockjet.bench.load;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver of a broadcast: receivers that hold many connections and count the broadcast
 * messages they get (on a {@link RawLoop}, so that receiving costs less than sending), and a
 * trigger, a Sockjet client, that asks the server for the broadcast (see {@code
 * io.sockjet.bench.peers.PeerContract}: the text {@code broadcast:<count>:<body>}). Run several
 * receiver processes (a process can open at most about 19,000 sockets here), wait for each to
 * print {@code READY}, then run one trigger; {@code bench/compare.sh} does this.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role receiver --port 9000 --connections 5000 --messages 100 --server-pid 1234
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role trigger --port 9000 --messages 100
 * </pre>
 *
 * <p>A receiver prints {@code READY} once its connections are open, then a {@code RESULT} line
 * when every connection has received {@code --messages} broadcasts (or when {@code --timeout}
 * seconds have passed since READY): how many arrived, how many were wrong, when the first and
 * the last arrived ({@link System#nanoTime()}, which on Linux is the machine's monotonic clock,
 * the same in every process), its own CPU ticks since READY, the server's CPU ticks at that
 * moment, and each CPU's busy and total ticks from {@code /proc/stat} then. It then keeps its
 * connections for {@code --linger} seconds, so that its closing does not add to the server's CPU
 * time while other receivers are still counting. The trigger prints
 * {@code RESULT role=trigger sent_ns=...} right after sending. Delivered messages per second is
 * then all receivers' messages over the time from the trigger's send to the last arrival.
 * {@code --read-pause-ms} (default 1) is how long a receiver rests between passes over its
 * ready connections, so that several frames gather in each socket before it reads.
 */
public final class BroadcastLoad {
  private static final Set<String> OPTIONS = Set.of("role", "host", "port", "path",
      "connections", "messages", "size", "timeout", "linger", "server-pid", "peer", "scenario",
      "read-pause-ms");

  private BroadcastLoad() {}

  /** Runs a receiver or the trigger; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    LoadArgs opts = LoadArgs.parse(args, OPTIONS);
    URI uri = URI.create("ws://" + opts.string("host", "127.0.0.1") + ":"
        + opts.integer("port", 0) + opts.string("path", "/"));
    int messages = opts.integer("messages", 100);
    String body = body(opts.integer("size", 32));
    String role = opts.string("role", "receiver");
    double timeout = opts.seconds("timeout", 120);
    switch (role) {
      case "receiver" -> receive(opts, uri, messages, body, timeout);
      case "trigger" -> trigger(uri, messages, body, timeout);
      default -> throw new IllegalArgumentException("--role receiver or trigger, got " + role);
    }
    System.exit(0); // the client's loops are daemons, but do not wait for closing handshakes
  }

  /** The broadcast body: ASCII letters, so its size in characters is its size in bytes. */
  private static String body(int size) {
    StringBuilder b = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      b.append((char) ('a' + i % 26));
    }
    return b.toString();
  }

  private static void receive(LoadArgs opts, URI uri, int messages, String body, double timeout)
      throws Exception {
    int connections = opts.integer("connections", 5000);
    long serverPid = opts.longValue("server-pid", -1);
    BroadcastCounter counter = new BroadcastCounter(body, (long) connections * messages);
    Selector selector = Selector.open();
    List<RawConnection> open = RawConnector.open(selector,
        new InetSocketAddress(uri.getHost(), uri.getPort()), uri.getPath(), connections);
    // The server writes each broadcast frame to each socket by itself; resting a millisecond
    // between passes lets frames gather, so one read takes several and receiving stays cheaper
    // than sending. A millisecond is nothing next to a broadcast that lasts seconds.
    RawLoop loop = new RawLoop(selector, counter, body.length(),
        (long) (opts.seconds("read-pause-ms", 1) * 1_000_000));
    loop.start("raw-broadcast-receiver");
    long self0 = CpuTicks.self();
    System.out.println("READY " + open.size() + " connections");
    System.out.flush();
    boolean complete = counter.done.await((long) (timeout * 1000), TimeUnit.MILLISECONDS);
    long self1 = CpuTicks.self();
    long server = CpuTicks.process(serverPid);
    long[][] cpus = CpuTicks.perCpu();
    ResultLine result = new ResultLine().put("kind", "broadcast-receiver")
        .put("scenario", opts.string("scenario", "-")).put("peer", opts.string("peer", "-"))
        .put("connections", open.size()).put("expected", counter.expected)
        .put("received", counter.received.get()).put("errors", counter.errors.get())
        .put("complete", complete ? 1 : 0).put("first_ns", counter.first.get())
        .put("last_ns", counter.last.get()).put("cpu_ticks", self1 - self0)
        .put("server_ticks", server);
    for (int cpu = 0; cpu < cpus.length; cpu++) { // raw counters: the script took the start
      result.put("cpu" + cpu + "_busy_ticks", cpus[cpu][0])
          .put("cpu" + cpu + "_ticks", cpus[cpu][1]);
    }
    result.print();
    Thread.sleep((long) (opts.seconds("linger", 3) * 1000));
    loop.stop();
  }

  private static void trigger(URI uri, int messages, String body, double timeout)
      throws Exception {
    Counter own = new Counter(body, messages);
    WebSocketClient client = WebSocketClient.builder().eventLoops(1).listener(own).build();
    WebSocket ws = Connector.open(client, uri, 1).get(0);
    long sent = System.nanoTime();
    ws.sendText("broadcast:" + messages + ":" + body);
    new ResultLine().put("kind", "broadcast-trigger").put("sent_ns", sent).print();
    // The trigger's connection is one of the server's clients too: its own copies tell that the
    // server got the trigger. The receivers' lines carry the measurement.
    if (!own.done.await((long) (timeout * 1000), TimeUnit.MILLISECONDS)) {
      System.err.println("trigger: " + own.received.get() + " of " + messages + " own copies");
    }
  }

  /**
   * Counts the trigger connection's own copies of the broadcast; callbacks run on the client's
   * event loop, and the counters are read by the main thread.
   */
  private static final class Counter implements WebSocketListener {
    final String body;
    final long expected;
    final AtomicLong received = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong first = new AtomicLong();
    final AtomicLong last = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);

    Counter(String body, long expected) {
      this.body = body;
      this.expected = expected;
    }

    @Override
    public void onText(WebSocket ws, String text) {
      long now = System.nanoTime();
      if (!text.equals(body)) {
        errors.incrementAndGet();
        return;
      }
      first.compareAndSet(0, now);
      last.set(now);
      if (received.incrementAndGet() == expected) {
        done.countDown();
      }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
      errors.incrementAndGet();
    }

    @Override
    public void onClose(WebSocket ws, CloseEvent event) {
      if (done.getCount() > 0 && errors.getAndIncrement() == 0) {
        System.err.println("connection closed before the broadcast ended: " + event);
      }
    }
  }
}
