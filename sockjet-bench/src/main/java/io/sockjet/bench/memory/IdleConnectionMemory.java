package io.sockjet.bench.memory;

import io.sockjet.WebSocketServer;
import java.time.Duration;

/**
 * Measures the server heap each idle open WebSocket connection costs: starts a server in this
 * JVM, opens N connections from a child JVM ({@link IdleClients}, so client objects stay out of
 * this heap), and compares the heap after full GCs before and after.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.memory.IdleConnectionMemory 10000
 * </pre>
 */
public final class IdleConnectionMemory {

  private IdleConnectionMemory() {}

  /**
   * Args: connection count (default 10000). Prints heap per connection. System properties:
   * {@code ping.seconds} turns keepalive pings on at that interval (off without it, though the
   * library's default is on); {@code warm} has each client
   * send a message and a ping first; {@code hold.seconds} keeps the connections open that long
   * after measuring, for a heap histogram.
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0)
        .eventLoops(2);
    long ping = Long.getLong("ping.seconds", 0);
    if (ping > 0) { // with keepalive, each connection has a timer pending
      builder.keepalive(Duration.ofSeconds(ping), Duration.ofSeconds(10));
    } else { // keepalive is on by default: off, to measure the same thing as before
      builder.noKeepalive();
    }
    WebSocketServer server = builder.start();
    long before = Heap.settled();
    ChildClients clients = ChildClients.start(IdleClients.class, String.valueOf(server.port()),
        String.valueOf(count), "-1", Boolean.getBoolean("warm") ? "warm" : "cold");
    clients.expect("READY");
    int open = server.connections().size();
    long after = Heap.settled();
    System.out.printf("connections open: %d%n", open);
    System.out.printf("heap before: %,d bytes, after: %,d bytes%n", before, after);
    System.out.printf("heap per idle connection: %,.0f bytes%n", (after - before) / (double) open);
    long hold = Long.getLong("hold.seconds", 0);
    if (hold > 0) { // time to take a heap histogram: jmap -histo:live <pid>
      System.out.println("holding for " + hold + " s, pid " + ProcessHandle.current().pid());
      Thread.sleep(hold * 1000);
    }
    clients.close(); // tells the clients to exit
    server.shutdown(Duration.ofSeconds(5)).join();
  }
}
