package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line itself: echo mode, the listening line, log lines, help, version, errors. */
@Timeout(30)
class ServeCommandTest {

  @Test
  void aServerThatFailsAsAWholeEndsTheCommandWithStatus3() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--threads", "1")) {
      // Break the one loop's own machinery, as a failing selector would (reflection: the hook is
      // package-private in the transport, the group package-private in the library, and this
      // module does not read the transport, which the library keeps to itself).
      java.lang.reflect.Method group =
          io.sockjet.WebSocketServer.class.getDeclaredMethod("group");
      group.setAccessible(true);
      Object loops = group.invoke(serve.server());
      Object loop = ((java.util.List<?>) loops.getClass().getMethod("loops").invoke(loops)).get(0);
      java.lang.reflect.Method breakIt = loop.getClass().getDeclaredMethod("breakSelectorForTest");
      breakIt.setAccessible(true);
      breakIt.invoke(loop);
      assertThat(serve.exitStatus()).as("err: %s", serve.err()).isEqualTo(ExitStatus.FAILED);
      assertThat(serve.err()).contains("sockjet: server failed");
    }
  }

  @Test
  void serveEchoesMessagesUntilStoppedAndLogsEachConnection() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo")) {
      assertThat(serve.out()).startsWith(
          "sockjet: echo server listening on ws://127.0.0.1:" + serve.port() + "/\n");
      LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
      // An independent client (the JDK's), kept in a local that stays reachable: the JDK's client
      // may stop its selector thread once the HttpClient facade is collected.
      HttpClient http = HttpClient.newHttpClient();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(serve.uri("/any/path?x=1"),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              got.add(data.toString());
              w.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("ping through the CLI", true).get(10, TimeUnit.SECONDS);
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("ping through the CLI");
      ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
      String log = serve.awaitErr("close ");
      assertThat(log).containsPattern("open  127\\.0\\.0\\.1:\\d+ /any/path\\?x=1\n");
      assertThat(log).containsPattern(
          "close 127\\.0\\.0\\.1:\\d+ /any/path\\?x=1 code=1000 reason=\"bye\" duration=\\d+ms in=1 out=1\n");
      assertThat(serve.stop()).isZero();
      java.lang.ref.Reference.reachabilityFence(http);
    }
  }

  @Test
  void quietLogsNoConnections() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--quiet");
        io.sockjet.WebSocketClient client = io.sockjet.WebSocketClient.builder().eventLoops(1).build()) {
      try (Peer peer = Peer.connect(client, serve.uri("/"))) {
        peer.ws.sendText("hi");
        assertThat(peer.next()).isEqualTo("hi");
      }
      Thread.sleep(200);
      assertThat(serve.err()).doesNotContain("open").doesNotContain("close");
    }
  }

  @Test
  void helpShowsEveryOptionGroupAndExamples() {
    ServeRunner.Result help = ServeRunner.run("serve", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Mode (one of; default --chat):", "--exec", "TLS (serves",
        "--tls-key=FILE", "Limits (sizes", "--max-message=SIZE", "--max-queued=SIZE",
        "--idle-timeout=DURATION", "--origin=ORIGIN", "--subprotocol=NAME", "Examples:",
        "sockjet serve --exec -- cat -n");
    ServeRunner.Result top = ServeRunner.run("--help");
    assertThat(top.status()).isZero();
    assertThat(top.out()).contains("serve", "Examples:");
  }

  @Test
  void versionIsTheProjectVersion() {
    for (String[] args : new String[][] {{"--version"}, {"serve", "--version"}}) {
      ServeRunner.Result version = ServeRunner.run(args);
      assertThat(version.status()).isZero();
      // Filled in by Maven resource filtering: a literal ${project.version} or "unknown" fails.
      assertThat(version.out()).matches("sockjet \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\\s*");
    }
  }

  @Test
  void badArgumentsGiveAClearMessageAndNonZeroStatus() {
    assertUsageError(new String[] {"serve", "--port", "not-a-number"}, "'not-a-number' is not an int");
    assertUsageError(new String[] {"no-such-command"}, "Unmatched argument");
    assertUsageError(new String[] {"serve", "--echo", "--chat"}, "mutually exclusive");
    assertUsageError(new String[] {"serve", "--exec"}, "--exec needs a program");
    assertUsageError(new String[] {"serve", "cat"}, "a program is given only with --exec");
    assertUsageError(new String[] {"serve", "--port", "70000"}, "--port must be 0 to 65535");
    assertUsageError(new String[] {"serve", "--max-message", "12q"}, "'12q' is not a size");
    assertUsageError(new String[] {"serve", "--max-message", "0"}, "--max-message must be more than 0");
    assertUsageError(new String[] {"serve", "--idle-timeout", "soon"}, "'soon' is not a duration");
    assertUsageError(new String[] {"serve", "--on-overflow", "explode"}, "not close or refuse");
    assertUsageError(new String[] {"serve", "--tls-cert", "cert.pem"}, "--tls-key=FILE");

    ServeRunner.Result missing = ServeRunner.run("serve", "--exec", "--", "/no/such/program");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("sockjet: --exec: /no/such/program is not an executable file\n");
    ServeRunner.Result notOnPath = ServeRunner.run("serve", "--exec", "--", "no-such-program-here");
    assertThat(notOnPath.status()).isEqualTo(1);
    assertThat(notOnPath.err()).contains("no-such-program-here not found on PATH");
  }

  private static void assertUsageError(String[] args, String message) {
    ServeRunner.Result r = ServeRunner.run(args);
    assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(2);
    // The first line says it all: what is wrong and where the help is (suggestions may follow).
    assertThat(r.err().lines().findFirst().orElse("")).startsWith("sockjet: ").contains(message)
        .contains("--help')");
    assertThat(r.err()).as("short: no usage dump").doesNotContain("Usage:");
  }

  @Test
  void aPortInUseIsAClearFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServeRunner.Result r = ServeRunner.run("serve", "--host", "127.0.0.1", "--port",
          String.valueOf(taken.getLocalPort()));
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).startsWith("sockjet: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .doesNotContain("Exception");
    }
  }

  @Test
  void listeningLineBracketsIpv6Hosts() {
    assertThat(ServeCommand.urlHost("::1")).isEqualTo("[::1]");
    assertThat(ServeCommand.urlHost("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(ServeCommand.browserHost("0.0.0.0")).isEqualTo("localhost");
    assertThat(ServeCommand.browserHost("::")).isEqualTo("localhost");
    assertThat(ServeCommand.browserHost("::1")).isEqualTo("[::1]");
  }

  @Test
  void servesOnIpv6Loopback() throws Exception {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress("::1", 0));
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
    }
    try (ServeRunner serve = ServeRunner.start("--echo", "--host", "::1");
        io.sockjet.WebSocketClient client = io.sockjet.WebSocketClient.builder().eventLoops(1).build();
        Peer peer = Peer.connect(client, URI.create("ws://[::1]:" + serve.port() + "/"))) {
      assertThat(serve.out()).startsWith("sockjet: echo server listening on ws://[::1]:" + serve.port() + "/");
      peer.ws.sendText("over IPv6");
      assertThat(peer.next()).isEqualTo("over IPv6");
      assertThat(serve.awaitErr("open ")).containsPattern("open  \\[0:0:0:0:0:0:0:1\\]:\\d+ /");
    }
  }
}
