package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockjet serve} as a real process ({@code java -cp} of the module and its dependencies),
 * stopped with SIGTERM as a service manager or Ctrl-C would: clients must get 1001.
 */
@Timeout(120)
class ServeProcessIT {
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

  private ServeProcess serve(String... args) throws Exception {
    ServeProcess s = ServeProcess.start(args);
    started.add(s.process);
    return s;
  }

  private static void sigterm(ServeProcess s) throws InterruptedException {
    s.sigterm();
  }

  @Test
  void chatAsAProcessGivesEveryClient1001OnSigterm() throws Exception {
    ServeProcess s = serve();
    Peer ada = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port + "/chat?name=Ada"));
    // The 101 reaches a client before the server's onOpen runs: wait until Ada is in the room,
    // or Bob may join first and Ada would never be told he joined.
    ada.await(t -> t.startsWith("{\"type\":\"welcome\""));
    Peer bob = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port + "/chat?name=Bob"));
    // Ada's own join may come in the same presence event as Bob's.
    ada.await(t -> t.startsWith("{\"type\":\"presence\",\"joined\":[")
        && t.contains("\"Bob\""));
    bob.ws.sendText("hello from Bob");
    ada.await("{\"type\":\"message\",\"name\":\"Bob\",\"text\":\"hello from Bob\"}");
    sigterm(s);
    for (Peer p : List.of(ada, bob)) {
      CloseEvent close = p.awaitClose();
      assertThat(close.code()).isEqualTo(1001);
      assertThat(close.reason()).isEqualTo("server shutting down");
    }
    assertThat(s.err()).contains("sockjet: shutting down")
        .as("the library's INFO records stay quiet").doesNotContain("INFO");
  }

  @Test
  void execAsAProcessEndsItsProgramsOnSigterm() throws Exception {
    ServeProcess s = serve("--exec", "--", "sh", "-c", "echo $$; exec cat");
    Peer peer = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port + "/"));
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
    ServeProcess s = serve("--echo");
    try (Peer peer = Peer.connect(client, java.net.URI.create("ws://127.0.0.1:" + s.port + "/"))) {
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
