package io.sockjet.bench.memory;

import io.sockjet.Compression;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.deflate.Zlib;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    long heap0 = settledHeap();
    long rss0 = rss();
    Process clients = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), CompressedClients.class.getName(),
        String.valueOf(server.port()), String.valueOf(count)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
    PrintStream in = new PrintStream(clients.getOutputStream(), true, StandardCharsets.US_ASCII);
    expect(out, "READY");
    int open = server.connections().size();
    long compressed = server.connections().stream().filter(WebSocket::isCompressed).count();
    long heapIdle = settledHeap();
    if (compression != null) {
      in.println("MESSAGE");
      expect(out, "DONE");
    }
    long heapActive = settledHeap();
    long rssActive = rss();
    System.out.printf("zlib: %s, mode: %s, connections: %d (%d compressed)%n",
        Zlib.system().name(), mode, open, compressed);
    System.out.printf("heap per idle connection: %,.0f bytes%n", (heapIdle - heap0) / (double) open);
    System.out.printf("heap per connection after a message each way: %,.0f bytes%n",
        (heapActive - heap0) / (double) open);
    System.out.printf("resident memory per connection after a message each way: %,.0f bytes%n",
        (rssActive - rss0) / (double) open);
    in.close();
    clients.waitFor();
    server.shutdown(Duration.ofSeconds(5)).join();
  }

  private static void expect(BufferedReader out, String word) throws Exception {
    String line;
    while ((line = out.readLine()) != null && !line.startsWith(word)) {
      System.out.println("clients: " + line);
    }
    if (line == null) {
      throw new IllegalStateException("client process ended before " + word);
    }
  }

  private static long rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static long settledHeap() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
