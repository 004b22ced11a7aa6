package io.sockjet.bench.memory;

import io.sockjet.Compression;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.deflate.Zlib;
import java.time.Duration;

/**
 * Memory per compressed connection in each {@link Compression} mode: a compressing echo server in
 * this JVM, N clients in a child JVM ({@link CompressedClients}) offering permessage-deflate as
 * Chromium does. Reports heap per connection while idle (after the handshake) and heap and
 * resident memory per connection after one compressed message each way, when contexts that
 * are kept exist (zlib's memory is native: it shows in the resident size, not the heap).
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC \
 *     -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.memory.CompressedConnectionMemory 10000 shared
 * </pre>
 */
public final class CompressedConnectionMemory {

  private CompressedConnectionMemory() {}

  /**
   * Args: connection count (default 10000), mode: none, dedicated, dedicated-small,
   * sharedCompressor or shared. With "none" no message is sent (the clients' messages are
   * compressed, which a server without the extension refuses).
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String mode = args.length > 1 ? args[1] : "shared";
    Compression compression = switch (mode) {
      case "none" -> null;
      case "dedicated" -> Compression.dedicated();
      case "sharedCompressor" -> Compression.sharedCompressor();
      case "shared" -> Compression.shared();
      // Small windows and memory level both ways: needs the system zlib (Java 22+).
      case "dedicated-small" -> Compression.dedicated().toBuilder().windowBits(10)
          .peerWindowBits(10).memLevel(2).build();
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    };
    if (compression != null) {
      compression = compression.toBuilder().threshold(0).build();
    }
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
        .compression(compression)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }
        }).start();
    long heap0 = Heap.settled();
    long rss0 = Heap.resident();
    ChildClients clients = ChildClients.start(CompressedClients.class,
        String.valueOf(server.port()), String.valueOf(count));
    clients.expect("READY");
    int open = server.connections().size();
    long compressed = server.connections().stream().filter(WebSocket::isCompressed).count();
    long heapIdle = Heap.settled();
    if (compression != null) {
      clients.tell("MESSAGE");
      clients.expect("DONE");
    }
    long heapActive = Heap.settled();
    long rssActive = Heap.resident();
    System.out.printf("zlib: %s, mode: %s, connections: %d (%d compressed)%n",
        Zlib.system().name(), mode, open, compressed);
    System.out.printf("heap per idle connection: %,.0f bytes%n", (heapIdle - heap0) / (double) open);
    System.out.printf("heap per connection after a message each way: %,.0f bytes%n",
        (heapActive - heap0) / (double) open);
    System.out.printf("resident memory per connection after a message each way: %,.0f bytes%n",
        (rssActive - rss0) / (double) open);
    clients.close();
    server.shutdown(Duration.ofSeconds(5)).join();
  }
}
