package io.sockjet.bench.load;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import io.sockjet.bench.peers.PeerContract;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The driver of a broadcast (scenario 5) or a fan-out (scenario 6): receivers that hold many
 * connections and count the messages they get (on a {@link RawLoop}, so that receiving costs less
 * than sending), and one process that sets the server going. Run several receiver processes (a
 * process can open at most about 19,000 sockets here), wait for each to print {@code READY},
 * then run the trigger or the publisher; {@code bench/compare.sh} does this, and {@code
 * io.sockjet.bench.compare.BroadcastSummary} adds up their result lines.
 *
 * <pre>
 * # scenario 5: one trigger asks the server to broadcast 100 times (PeerContract)
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role receiver --port 9000 --connections 5000 --messages 100 --server-pid 1234
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role trigger --port 9000 --messages 100 --server-pid 1234
 * # scenario 6: a publisher's messages, each fanned out by a *FanoutServer to its subscribers
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role subscriber --port 9000 --connections 5000 --messages 100 --server-pid 1234
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.load.BroadcastLoad \
 *     --role publisher --port 9000 --messages 100 --server-pid 1234
 * </pre>
 *
 * <p>A receiver prints {@code READY} once its connections are open, then a {@code RESULT} line
 * when every connection has received all its messages (or when {@code --timeout} seconds have
 * passed since READY): how many arrived, how many were wrong, when the first and the last arrived
 * ({@link System#nanoTime()}, which on Linux is the machine's monotonic clock, the same in every
 * process), its own CPU ticks in the measured window, the server's CPU ticks at that moment, and
 * each CPU's busy and total ticks from {@code /proc/stat} then. It then keeps its connections for
 * {@code --linger} seconds, so that its closing does not add to the server's CPU time while other
 * receivers are still counting. {@code --read-pause-ms} (default 1) is how long a receiver rests
 * between passes over its ready connections, so that several frames gather in each socket before
 * it reads.
 *
 * <p>The trigger sends {@code broadcast:<messages>:<body>} on a Sockjet client connection and
 * waits for its own copies. The publisher, on a raw connection to {@code /pub}, sends {@code
 * --warmup} messages back to back (default 5, not timed), waits two intervals (or {@code
 * --settle-ms}), sends {@code
 * --paced} messages (default 5) one every {@code --interval-ms} (default 1000), waits one
 * interval more, then sends {@code --messages} back to back; each is stamped with its send time, which subscribers ({@link
 * StampedCounter}) turn into latencies, and with its number (from 0, over all three phases), by
 * which they find the messages they missed. Both print, right before the measured sends, the same
 * CPU readings as a receiver's ({@code RESULT ... sent_ns=...}): the measured window runs from
 * there to the last arrival, and the server's CPU time in it is the difference of the two
 * readings. The publisher then holds its connection (for {@code --timeout} seconds) until it is
 * stopped, so no server sees it close while fanning out.
 *
 * <p>{@code --server-pid} may list several processes, comma-separated (the nodes of a cluster,
 * {@code bench/cluster.sh}): their CPU ticks are added up as one server's.
 */
public final class BroadcastLoad {
  private static final Set<String> OPTIONS = Set.of("role", "host", "port", "path",
      "connections", "messages", "size", "timeout", "linger", "server-pid", "peer", "scenario",
      "read-pause-ms", "warmup", "paced", "interval-ms", "settle-ms");

  private BroadcastLoad() {}

  /** Runs a receiver or the trigger; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    LoadArgs opts = LoadArgs.parse(args, OPTIONS);
    String role = opts.string("role", "receiver");
    String defaultPath = switch (role) {
      case "subscriber" -> PeerContract.SUBSCRIBE_PATH;
      case "publisher" -> PeerContract.PUBLISH_PATH;
      default -> "/";
    };
    URI uri = URI.create("ws://" + opts.string("host", "127.0.0.1") + ":"
        + opts.integer("port", 0) + opts.string("path", defaultPath));
    int messages = opts.integer("messages", 100);
    int size = opts.integer("size", 32);
    String body = body(size);
    double timeout = opts.seconds("timeout", 120);
    int connections = opts.integer("connections", 5000);
    int warmup = opts.integer("warmup", 5);
    int paced = opts.integer("paced", 5);
    switch (role) {
      case "receiver" -> receive(opts, uri,
          new BroadcastCounter(body, (long) connections * messages));
      case "subscriber" -> receive(opts, uri, new StampedCounter(new EchoPayload(true, size, true),
          warmup, paced, (long) connections * (warmup + paced + messages)));
      case "trigger" -> trigger(opts, uri, messages, body, timeout);
      case "publisher" -> publish(opts, uri, new EchoPayload(true, size, true), warmup, paced,
          messages, timeout);
      default -> throw new IllegalArgumentException(
          "--role receiver, trigger, subscriber or publisher, got " + role);
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

  private static void receive(LoadArgs opts, URI uri, BroadcastCounter counter)
      throws Exception {
    Selector selector = Selector.open();
    List<RawConnection> open = RawConnector.open(selector,
        new InetSocketAddress(uri.getHost(), uri.getPort()), uri.getPath(),
        opts.integer("connections", 5000));
    // The server writes each broadcast frame to each socket by itself; resting a millisecond
    // between passes lets frames gather, so one read takes several and receiving stays cheaper
    // than sending. A millisecond is nothing next to a broadcast that lasts seconds.
    RawLoop loop = new RawLoop(selector, counter, opts.integer("size", 32),
        (long) (opts.seconds("read-pause-ms", 1) * 1_000_000));
    loop.start("raw-broadcast-receiver");
    long self0 = CpuTicks.self();
    System.out.println("READY " + open.size() + " connections");
    System.out.flush();
    boolean complete = counter.done.await((long) (opts.seconds("timeout", 120) * 1000),
        TimeUnit.MILLISECONDS);
    long self1 = CpuTicks.self();
    ResultLine result = new ResultLine().put("kind", "broadcast-receiver")
        .put("scenario", opts.string("scenario", "-")).put("peer", opts.string("peer", "-"))
        .put("connections", open.size()).put("expected", counter.expected)
        .put("received", counter.received.get()).put("errors", counter.errors.get())
        .put("complete", complete ? 1 : 0).put("first_ns", counter.first.get())
        .put("last_ns", counter.last.get()).put("cpu_ticks", self1 - counter.cpuAtStart(self0));
    cpuReadings(result, opts.string("server-pid", "-1"));
    counter.report(result);
    result.print();
    Thread.sleep((long) (opts.seconds("linger", 3) * 1000));
    loop.stop();
  }

  /**
   * Adds the server's CPU ticks now ({@code server_ticks}, and {@code server_sys_ticks} of them in
   * the kernel; the sum over {@code serverPids}, comma-separated, -1 if one cannot be read) and each CPU's busy and total ticks ({@code cpuN_busy_ticks}, {@code
   * cpuN_ticks}): raw counters, read at both ends of the measured window and subtracted by {@code
   * BroadcastSummary}.
   */
  private static ResultLine cpuReadings(ResultLine line, String serverPids) {
    long ticks = 0;
    long sys = 0;
    // Several servers (the nodes of a cluster, comma-separated) count as one: their sum.
    for (String pid : serverPids.split(",")) {
      long t = CpuTicks.process(Long.parseLong(pid.trim()));
      long s = CpuTicks.system(Long.parseLong(pid.trim()));
      ticks = ticks < 0 || t < 0 ? -1 : ticks + t;
      sys = sys < 0 || s < 0 ? -1 : sys + s;
    }
    line.put("server_ticks", ticks).put("server_sys_ticks", sys);
    long[][] cpus = CpuTicks.perCpu();
    for (int cpu = 0; cpu < cpus.length; cpu++) {
      line.put("cpu" + cpu + "_busy_ticks", cpus[cpu][0]).put("cpu" + cpu + "_ticks", cpus[cpu][1]);
    }
    return line;
  }

  private static void trigger(LoadArgs opts, URI uri, int messages, String body, double timeout)
      throws Exception {
    Counter own = new Counter(body, messages);
    WebSocketClient client = WebSocketClient.builder().eventLoops(1).listener(own).build();
    WebSocket ws = Connector.open(client, uri, 1).get(0);
    ResultLine start = cpuReadings(new ResultLine().put("kind", "broadcast-trigger")
        .put("messages", messages).put("size", body.length()),
        opts.string("server-pid", "-1"));
    long sent = System.nanoTime();
    ws.sendText("broadcast:" + messages + ":" + body);
    start.put("sent_ns", sent).print();
    // The trigger's connection is one of the server's clients too: its own copies tell that the
    // server got the trigger. The receivers' lines carry the measurement.
    if (!own.done.await((long) (timeout * 1000), TimeUnit.MILLISECONDS)) {
      System.err.println("trigger: " + own.received.get() + " of " + messages + " own copies");
    }
  }

  /**
   * Publishes {@code warmup} stamped messages back to back, then two {@code --interval-ms}
   * later {@code paced} one interval apart, then (an interval later) {@code messages} back to
   * back, on one raw connection; prints the window's start and holds the connection for {@code
   * timeout} seconds or until killed.
   */
  private static void publish(LoadArgs opts, URI uri, EchoPayload payload, int warmup,
      int paced, int messages, double timeout) throws Exception {
    RawConnection c = RawConnector.open(Selector.open(),
        new InetSocketAddress(uri.getHost(), uri.getPort()), uri.getPath(), 1).get(0);
    ByteBuffer frame = ByteBuffer.wrap(RawFrames.masked(RawLoop.TEXT, payload.template(),
        c.maskKey));
    int offset = RawFrames.payloadOffset(payload.size());
    long interval = (long) (opts.seconds("interval-ms", 1000) * 1_000_000);
    // A server fresh from start runs its send path in the interpreter: a few publishes to
    // everyone get it compiled before anything is timed, and two intervals let them drain.
    long sequence = 0; // one count over every phase: subscribers find gaps by it
    for (int i = 0; i < warmup; i++) {
      send(c, frame, payload, offset, sequence++);
    }
    // Two intervals are enough for scenario 6's one-a-second pace; a fast pace after a long
    // warm-up needs --settle-ms, or its first messages queue behind the warm-up's.
    long start = System.nanoTime() + (opts.has("settle-ms")
        ? (long) (opts.seconds("settle-ms", 0) * 1_000_000) : 2 * interval);
    for (int i = 0; i < paced; i++) {
      parkUntil(start + i * interval);
      send(c, frame, payload, offset, sequence++);
    }
    // One interval for the last paced message to reach everyone before the burst's window.
    parkUntil(start + paced * interval);
    ResultLine line = cpuReadings(new ResultLine().put("kind", "fanout-publisher")
        .put("warmup", warmup).put("paced", paced).put("messages", messages).put("size", payload.size()),
        opts.string("server-pid", "-1"));
    long sent = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      send(c, frame, payload, offset, sequence++);
    }
    line.put("sent_ns", sent).print();
    // A server may still be reading the burst: closing now could cut it short.
    Thread.sleep((long) (timeout * 1000));
  }

  /** Stamps the prebuilt frame with the time now and its sequence number, and writes all of it. */
  private static void send(RawConnection c, ByteBuffer frame, EchoPayload payload, int offset,
      long sequence) throws IOException {
    payload.stamp(frame, offset, System.nanoTime(), sequence, c.maskKey);
    c.send(frame.clear());
    while (c.hasPendingOutput()) { // a few dozen bytes: the socket takes them at once
      c.flush();
    }
  }

  private static void parkUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
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
