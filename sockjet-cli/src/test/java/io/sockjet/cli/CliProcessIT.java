package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeResponse;
import io.sockjet.Message;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockjet connect} and {@code bench} as real processes, as a shell pipe runs them: stdin
 * and stdout are pipes, no console, and the exit status is the process's.
 */
@Timeout(120)
class CliProcessIT {
  WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  String url() {
    return "ws://127.0.0.1:" + server.port() + "/";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  void echoServer(AtomicReference<String> header) {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .handshake(HandshakeHandler.sync(req -> {
          header.set(req.header("X-Probe"));
          return HandshakeResponse.accept();
        }))
        .listener(new EchoBack()).start();
  }

  @Test
  void pipeRoundTripWithAHeader() throws Exception {
    AtomicReference<String> header = new AtomicReference<>();
    echoServer(header);
    CliRun run = CliRun.process(utf8("first\nhéllo wörld 🎉\n\nlast\n"), 60,
        "connect", "-H", "X-Probe: from the pipe", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("first\nhéllo wörld 🎉\n\nlast\n");
    assertThat(run.err()).isEmpty();
    assertThat(header.get()).isEqualTo("from the pipe");
  }

  @Test
  void binaryLinesComeBackAsBase64() throws Exception {
    echoServer(new AtomicReference<>());
    CliRun run = CliRun.process(new byte[] {0, 1, 2, (byte) 0xff, '\n'}, 60,
        "connect", "--binary", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("AAEC/w==\n");
  }

  @Test
  void echoModeAnswersTheServerUntilItCloses() throws Exception {
    List<Message> echoed = new CopyOnWriteArrayList<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            for (int i = 0; i < 100; i++) {
              ws.sendText("n" + i);
            }
            ws.sendBinary(new byte[] {9, 8, 7});
          }

          @Override
          public void onText(WebSocket ws, String text) {
            echoed.add(new Message.Text(text));
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            echoed.add(new Message.Binary(data));
            ws.close(1000, "done");
          }
        }).start();
    CliRun run = CliRun.process(new byte[0], 60, "connect", "--echo", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(echoed).hasSize(101);
    for (int i = 0; i < 100; i++) {
      assertThat(echoed.get(i)).isEqualTo(new Message.Text("n" + i));
    }
    assertThat(echoed.get(100)).isEqualTo(new Message.Binary(ByteBuffer.wrap(new byte[] {9, 8, 7})));
    assertThat(run.err()).isEqualTo("sockjet: closed by the server: 1000 done\n");
  }

  @Test
  void refusedPortAndRefusedUpgradeExitOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun refused = CliRun.process(new byte[0], 60, "connect", "ws://127.0.0.1:" + port + "/");
    assertThat(refused.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(refused.err()).isEqualTo(
        "sockjet: cannot connect to 127.0.0.1:" + port + ": connection refused\n");

    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .handshake(HandshakeHandler.sync(req -> HandshakeResponse.reject(404))).start();
    CliRun notFound = CliRun.process(new byte[0], 60, "connect", url() + "missing");
    assertThat(notFound.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(notFound.err()).startsWith(
        "sockjet: the server refused the WebSocket upgrade of " + url() + "missing: HTTP 404")
        .hasLineCount(1);
  }

  @Test
  void benchPrintsATableWithNoErrors() throws Exception {
    echoServer(new AtomicReference<>());
    CliRun run = CliRun.process(new byte[0], 60, "bench", "-c", "2", "--messages", "2000",
        "--warmup", "0.2s", url());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(BenchCommandTest.row(run.out(), "messages")).isEqualTo(2000);
    assertThat(BenchCommandTest.row(run.out(), "errors")).isZero();
  }

  @Test
  void usageErrorsNameTheCommandAndExitTwo() throws Exception {
    CliRun unknown = CliRun.process(new byte[0], 60, "connect", "-w", "5", "ws://127.0.0.1:1/");
    assertThat(unknown.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(unknown.err()).isEqualTo("sockjet: Unknown option: '-w' (see 'sockjet connect "
        + "--help')\nPossible solutions: --wait\n");
    CliRun nothing = CliRun.process(new byte[0], 60);
    assertThat(nothing.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(nothing.err()).startsWith("Usage: sockjet");
    CliRun version = CliRun.process(new byte[0], 60, "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("sockjet ");
  }
}
