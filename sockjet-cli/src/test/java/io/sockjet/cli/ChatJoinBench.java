package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;

/**
 * Run by hand, not a test: how much server CPU a crowd joining the chat costs. Starts {@code
 * sockjet serve --quiet} as its own process with the class path given, joins N clients (64 at a
 * time), waits until no client has received anything for a second (at most 5 minutes), and prints
 * the server's user + system CPU time from {@code /proc/PID/stat} over the joins. Linux only.
 *
 * <pre>
 * java -cp TEST_CLASSPATH io.sockjet.cli.ChatJoinBench SERVER_CLASSPATH [CLIENTS]
 * </pre>
 */
public final class ChatJoinBench {
  private ChatJoinBench() {}

  public static void main(String[] args) throws Exception {
    String serverClassPath = args[0];
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-cp", serverClassPath, Main.class.getName(), "serve",
        "--quiet", "--host", "127.0.0.1", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(2).build()) {
      int port = port(server);
      LongAdder received = new LongAdder();
      LongAdder bytes = new LongAdder();
      WebSocketListener counting = new WebSocketListener() {
        @Override
        public void onText(WebSocket ws, String text) {
          received.increment();
          bytes.add(text.length());
        }
      };
      long cpuBefore = cpuTicks(server.pid());
      long start = System.nanoTime();
      List<WebSocket> open = new ArrayList<>();
      for (int i = 0; i < clients; i += 64) {
        List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
        for (int j = i; j < Math.min(clients, i + 64); j++) {
          batch.add(client.connect(URI.create("ws://127.0.0.1:" + port + "/chat?name=bot-" + j),
              counting));
        }
        for (CompletableFuture<WebSocket> f : batch) {
          open.add(f.get(60, TimeUnit.SECONDS));
        }
      }
      long joined = System.nanoTime();
      long last = -1;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (received.sum() != last && System.nanoTime() < deadline) {
        last = received.sum();
        Thread.sleep(1000);
      }
      long cpuAfter = cpuTicks(server.pid());
      System.out.printf("%d clients joined in %.1f s, quiet after %.1f s; clients received %d "
              + "messages, %d MB; server CPU (user+system): %.2f s%n",
          clients, (joined - start) / 1e9, (System.nanoTime() - start) / 1e9 - 1, received.sum(),
          bytes.sum() >> 20, (cpuAfter - cpuBefore) / 100.0);
      open.forEach(WebSocket::abort);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int port(Process server) throws Exception {
    BufferedReader out = server.inputReader(StandardCharsets.UTF_8);
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = ServeProcess.LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(4));
      }
    }
    throw new IllegalStateException("the server did not start");
  }

  /** utime + stime of the process, in clock ticks (1/100 s on Linux): fields 14 and 15. */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
