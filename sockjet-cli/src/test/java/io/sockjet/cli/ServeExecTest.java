package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sockjet serve --exec}: a program per connection, driven by the library's client. */
@Timeout(60)
class ServeExecTest {
  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1)
      .maxQueuedBytes(64L << 20).build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** Waits up to 10 s for the process to be gone. */
  private static void assertGone(long pid) throws InterruptedException {
    for (int i = 0; i < 400 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(25);
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("process %d ended", pid).isFalse();
  }

  @Test
  void linesGoBothWaysThroughTheProgram() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "/bin/sh", "-c",
        "while read l; do echo \"$l$l\"; done");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      assertThat(serve.out()).isEqualTo("sockjet: exec server listening on ws://127.0.0.1:"
          + serve.port() + "/\nsockjet: each connection runs /bin/sh -c while read l; do echo \"$l$l\"; done"
          + " (at most 256 at once)\n");
      peer.ws.sendText("ab");
      assertThat(peer.next()).isEqualTo("ab" + "ab");
      peer.ws.sendText("h\u00e9 \uD83D\uDE00");
      assertThat(peer.next()).isEqualTo("h\u00e9 \uD83D\uDE00h\u00e9 \uD83D\uDE00");
      peer.ws.sendBinary("bin".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(peer.next()).isEqualTo("binbin");
      peer.ws.sendText("two\nlines");
      assertThat(peer.next()).isEqualTo("twotwo");
      assertThat(peer.next()).isEqualTo("lineslines");
    }
  }

  @Test
  void eachConnectionHasItsOwnProgramEndedWhenItCloses() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "sh", "-c", "echo $$; exec cat")) {
      Peer first = Peer.connect(client, serve.uri("/"));
      Peer second = Peer.connect(client, serve.uri("/"));
      long pid1 = Long.parseLong(first.next());
      long pid2 = Long.parseLong(second.next());
      assertThat(pid1).isNotEqualTo(pid2);
      assertThat(ProcessHandle.of(pid1)).isPresent();
      first.ws.sendText("still here");
      assertThat(first.next()).isEqualTo("still here");
      first.close();
      assertGone(pid1);
      assertThat(ProcessHandle.of(pid2).map(ProcessHandle::isAlive)).hasValue(true);
      second.close();
      assertGone(pid2);
      String log = serve.awaitErr("status=");
      assertThat(log).containsPattern("exec  127\\.0\\.0\\.1:\\d+ pid=" + pid1 + " sh -c echo \\$\\$; exec cat\n");
    }
  }

  @Test
  void aProgramThatIgnoresSigtermIsKilledAfterTheCloseTimeout() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--close-timeout", "500ms", "--exec", "--", "sh",
        "-c", "trap '' TERM; echo $$; while :; do sleep 1; done");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      long pid = Long.parseLong(peer.next());
      long start = System.nanoTime();
      peer.close();
      assertGone(pid);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void theProgramExitingClosesTheConnectionWithItsStatus() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "sh", "-c", "read l; echo \"bye $l\"; exit $l")) {
      Peer ok = Peer.connect(client, serve.uri("/"));
      ok.ws.sendText("0");
      assertThat(ok.next()).isEqualTo("bye 0");
      CloseEvent normal = ok.awaitClose();
      assertThat(normal.code()).isEqualTo(1000);
      assertThat(normal.reason()).isEqualTo("program exited");

      Peer failing = Peer.connect(client, serve.uri("/"));
      failing.ws.sendText("3");
      assertThat(failing.next()).as("output before the exit still arrives").isEqualTo("bye 3");
      CloseEvent error = failing.awaitClose();
      assertThat(error.code()).isEqualTo(1011);
      assertThat(error.reason()).isEqualTo("program exited with status 3");
    }
  }

  @Test
  void standardErrorGoesToTheServersPrefixedWithNameAndPid() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--quiet", "--exec", "--", "sh", "-c",
        "echo $$; echo 'something went wrong' >&2; exec cat");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      long pid = Long.parseLong(peer.next());
      serve.awaitErr("sh[" + pid + "]: something went wrong\n");
    }
  }

  @Test
  void whatTheProgramWritesWhileEndingStillReachesTheServersStandardError() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "sh", "-c",
        "trap 'echo cleaning up >&2; exit 0' TERM; echo $$; while :; do sleep 0.1; done");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      long pid = Long.parseLong(peer.next());
      peer.close();
      serve.awaitErr("sh[" + pid + "]: cleaning up\n");
      assertGone(pid);
    }
  }

  @Test
  void aSlowClientSlowsTheProgramInsteadOfFillingMemory() throws Exception {
    // yes writes 4000-byte lines as fast as it can; the client stops reading. The kernel's socket
    // buffers take a few MiB; a server that read on regardless would pass the 1 MiB queue cap and
    // close the connection (1008) within moments.
    String line = "y".repeat(4000);
    try (ServeRunner serve = ServeRunner.start("--max-queued", "1M", "--exec", "--", "yes", line);
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      assertThat(peer.next()).isEqualTo(line);
      peer.ws.pauseReading();
      Thread.sleep(2000);
      assertThat(peer.closed).as("still open").isNotDone();
      assertThat(serve.server().metrics().queuedBytes()).isLessThan(1L << 20);
      peer.ws.resumeReading();
      for (int i = 0; i < 5000; i++) {
        assertThat(peer.next()).isEqualTo(line);
      }
    }
  }

  @Test
  void aProgramNotReadingItsInputPushesBackOnTheClient() throws Exception {
    // The program reads nothing for 3 s, then everything. Meanwhile the client sends 40 MiB: the
    // kernel buffers take a few MiB; a server that kept reading would queue the rest in memory and
    // the client's queue would empty; with the gate the rest waits in the client's queue.
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "sh", "-c",
        "echo $$; sleep 3; exec cat > /dev/null");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      long pid = Long.parseLong(peer.next());
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      for (int i = 0; i < 640; i++) {
        peer.ws.sendBinary(chunk.duplicate());
      }
      Thread.sleep(1500);
      assertThat(peer.ws.queuedBytes()).as("client queue while the program sleeps")
          .isGreaterThan(20L << 20);
      peer.ws.flushed().get(30, TimeUnit.SECONDS); // the program reads: reading resumed
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
      peer.close();
      assertGone(pid);
    }
  }

  @Test
  void execIsLimitedTo256ConnectionsUnlessToldOtherwise() throws Exception {
    // One connection per process: without a default limit a client could fork the machine out.
    try (ServeRunner serve = ServeRunner.start("--exec", "--", "cat")) {
      assertThat(serve.out()).endsWith("sockjet: each connection runs cat (at most 256 at once)\n");
    }
    try (ServeRunner serve = ServeRunner.start("--max-connections", "1", "--exec", "--", "cat");
        Peer first = Peer.connect(client, serve.uri("/"))) {
      assertThat(serve.out()).endsWith("(at most 1 at once)\n");
      assertThatThrownBy(() -> Peer.connect(client, serve.uri("/")))
          .hasStackTraceContaining("503");
    }
    try (ServeRunner serve = ServeRunner.start("--max-connections", "0", "--exec", "--", "cat")) {
      assertThat(serve.out()).endsWith("sockjet: each connection runs cat\n");
    }
  }
}
