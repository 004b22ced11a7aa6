package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockjet serve} as a real process ({@code java -cp} of the module and its dependencies),
 * stopped with SIGTERM as a service manager or Ctrl-C would: clients must get 1001.
 */
@Timeout(120)
class ServeProcessIT {
  /** The listening line other scripts parse; kept stable. */
  static final Pattern LISTENING =
      Pattern.compile("sockjet: (\\w+) server listening on (wss?)://([^ ]+):(\\d+)(/\\S*)");

  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    client.close();
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** A running {@code sockjet serve} and the port it reported. */
  record Served(Process process, int port, StringBuilder err, Thread errDrain) {}

  private Served serve(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--host", "127.0.0.1", "--port", "0"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    started.add(p);
    StringBuilder err = new StringBuilder();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = p.errorReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (err) {
            err.append(line).append('\n');
          }
        }
      } catch (java.io.IOException e) {
        // process gone
      }
    }, "serve-stderr");
    drain.setDaemon(true);
    drain.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, r -> new Thread(r, "serve-stdout").start());
    String line = first.get(60, TimeUnit.SECONDS);
    assertThat(line).as("listening line; stderr: %s", err).isNotNull();
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).as("parseable: %s", line).isTrue();
    return new Served(p, Integer.parseInt(m.group(4)), err, drain);
  }

  private static void sigterm(Served s) throws InterruptedException {
    // SIGTERM. Through the handle: Process.destroy() would also close our ends of its pipes,
    // losing what it writes while it shuts down.
    s.process().toHandle().destroy();
    assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    s.errDrain().join(10_000); // everything the process wrote to stderr is in s.err()
  }

  @Test
  void chatAsAProcessGivesEveryClient1001OnSigterm() throws Exception {
    Served s = serve();
    Peer ada = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port() + "/chat?name=Ada"));
    // The 101 reaches a client before the server's onOpen runs: wait until Ada is in the room,
    // or Bob may join first and Ada's welcome would list him instead of a join.
    ada.await(t -> t.startsWith("{\"type\":\"welcome\""));
    Peer bob = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port() + "/chat?name=Bob"));
    ada.await("{\"type\":\"join\",\"name\":\"Bob\"}");
    bob.ws.sendText("hello from Bob");
    ada.await("{\"type\":\"message\",\"name\":\"Bob\",\"text\":\"hello from Bob\"}");
    sigterm(s);
    for (Peer p : List.of(ada, bob)) {
      CloseEvent close = p.awaitClose();
      assertThat(close.code()).isEqualTo(1001);
      assertThat(close.reason()).isEqualTo("server shutting down");
    }
    synchronized (s.err()) {
      assertThat(s.err().toString()).contains("sockjet: shutting down")
          .as("the library's INFO records stay quiet").doesNotContain("INFO");
    }
  }

  @Test
  void execAsAProcessEndsItsProgramsOnSigterm() throws Exception {
    Served s = serve("--exec", "--", "sh", "-c", "echo $$; exec cat");
    Peer peer = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port() + "/"));
    long pid = Long.parseLong(peer.next());
    peer.ws.sendText("echoed by cat");
    assertThat(peer.next()).isEqualTo("echoed by cat");
    sigterm(s);
    assertThat(peer.awaitClose().code()).isEqualTo(1001);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("program %d ended with the server", pid).isFalse();
  }

  @Test
  void echoAsAProcessAndABadArgumentExitsNonZero() throws Exception {
    Served s = serve("--echo");
    try (Peer peer = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port() + "/"))) {
      peer.ws.sendText("round trip");
      assertThat(peer.next()).isEqualTo("round trip");
    }
    sigterm(s);

    Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "x")
        .start();
    started.add(bad);
    String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("sockjet: Invalid value for option '--port': 'x' is not an int");
  }
}
