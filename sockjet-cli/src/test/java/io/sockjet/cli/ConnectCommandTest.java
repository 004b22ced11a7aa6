package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeResponse;
import io.sockjet.Message;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.testkit.SelfSignedCertificate;
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

/** {@code sockjet connect} in-process, against a Sockjet server started by each test. */
@Timeout(60)
class ConnectCommandTest {
  WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  static CliRun connect(String stdin, String... args) {
    return CliRun.inProcess(ConnectCommand::new, stdin, args);
  }

  WebSocketServer echoServer() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new EchoBack()).start();
    return server;
  }

  String url() {
    return "ws://127.0.0.1:" + server.port() + "/";
  }

  @Test
  void linesGoOutAsTextAndEchoesComeBackOnePerLine() {
    echoServer();
    CliRun run = connect("hello\nhéllo wörld 🎉\n\nlast line without newline", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("hello\nhéllo wörld 🎉\n\nlast line without newline\n");
    assertThat(run.err()).isEmpty(); // nothing but messages in a pipe, no decoration
  }

  @Test
  void compressNegotiatesPermessageDeflateAndRoundTrips() {
    List<String> agreed = new CopyOnWriteArrayList<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .compression(io.sockjet.Compression.shared().toBuilder().threshold(0).build())
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            agreed.add(ws.extensions());
            ws.sendText(text);
          }
        }).start();
    String line = "compress me ".repeat(300);
    CliRun run = connect(line + "\n", "--compress", "--compress-threshold", "0", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(line + "\n");
    assertThat(agreed).singleElement().asString().startsWith("permessage-deflate");

    CliRun plain = connect("x\n", url());
    assertThat(plain.out()).isEqualTo("x\n");
    assertThat(agreed).hasSize(2).last().isEqualTo("");
  }

  @Test
  void crlfLineEndsAreNotPartOfTheMessage() {
    echoServer();
    CliRun run = connect("one\r\ntwo\r\n", url());
    assertThat(run.out()).isEqualTo("one\ntwo\n");
  }

  @Test
  void everyLineIsSentBeforeTheCloseEvenWhenInputIsLarge() {
    echoServer();
    StringBuilder in = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    String filler = "x".repeat(1000);
    for (int i = 0; i < 3000; i++) { // 3 MB: past the sender's 1 MiB backpressure threshold
      in.append(i).append(filler).append('\n');
      expected.append(i).append(filler).append('\n');
    }
    CliRun run = connect(in.toString(), url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(expected.toString());
  }

  @Test
  void binaryLinesAreSentAsBinaryAndPrintedAsBase64() {
    List<Message> seen = new CopyOnWriteArrayList<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            seen.add(new Message.Text(text));
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            seen.add(new Message.Binary(data.duplicate()));
            ws.sendBinary(data);
          }
        }).start();
    CliRun run = connect("abc\nxyz\n", "--binary", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(seen).containsExactly(
        new Message.Binary(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII))),
        new Message.Binary(ByteBuffer.wrap("xyz".getBytes(StandardCharsets.US_ASCII))));
    assertThat(run.out()).isEqualTo("YWJj\neHl6\n"); // base64 of "abc", "xyz"
  }

  @Test
  void echoSendsEveryMessageBackWithItsTypeUntilTheServerCloses() {
    List<Message> echoed = new CopyOnWriteArrayList<>();
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 9));
    }
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.sendText("one");
            ws.sendText("héllo wörld 🎉");
            ws.sendText("");
            ws.sendBinary(new byte[] {0, 1, 2, (byte) 255});
            ws.sendBinary(big);
          }

          @Override
          public void onText(WebSocket ws, String text) {
            echoed.add(new Message.Text(text));
            closeWhenAllBack(ws);
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            echoed.add(new Message.Binary(data));
            closeWhenAllBack(ws);
          }

          void closeWhenAllBack(WebSocket ws) {
            if (echoed.size() == 5) {
              ws.close(1000, "all back");
            }
          }
        }).start();
    CliRun run = connect("", "--echo", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(echoed).containsExactly(new Message.Text("one"),
        new Message.Text("héllo wörld 🎉"), new Message.Text(""),
        new Message.Binary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255})),
        new Message.Binary(ByteBuffer.wrap(big)));
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("closed by the server: 1000 all back");
  }

  @Test
  void headersAndSubprotocolsReachTheServer() {
    AtomicReference<String> auth = new AtomicReference<>();
    AtomicReference<List<String>> offered = new AtomicReference<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .handshake(HandshakeHandler.sync(req -> {
          auth.set(req.header("Authorization"));
          offered.set(req.subprotocols());
          return HandshakeResponse.accept().withSubprotocol("chat.v2");
        })).start();
    CliRun run = connect("", "--header", "Authorization: Bearer abc:def", "-H", "X-Extra: 1",
        "--subprotocol", "chat.v1", "-s", "chat.v2", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(auth.get()).isEqualTo("Bearer abc:def");
    assertThat(offered.get()).containsExactly("chat.v1", "chat.v2");
  }

  @Test
  void aHeaderWithoutColonIsAUsageError() {
    CliRun run = connect("", "--header", "NoColon", "ws://127.0.0.1:1/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).contains("expected 'Name: value'");
  }

  @Test
  void aUrlThatIsNotWebSocketIsAUsageError() {
    CliRun run = connect("", "http://127.0.0.1:1/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).contains("bad URL 'http://127.0.0.1:1/': a WebSocket URL starts with ws://");
  }

  @Test
  void aUrlWithAFragmentIsAUsageError() {
    CliRun run = connect("", "ws://127.0.0.1:1/#part");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).contains("bad URL 'ws://127.0.0.1:1/#part': a WebSocket URL has no #fragment");
  }

  @Test
  void refusedConnectionExitsOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    CliRun run = connect("", "ws://127.0.0.1:" + port + "/");
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).isEqualTo(
        "sockjet: cannot connect to 127.0.0.1:" + port + ": connection refused\n");
  }

  @Test
  void unknownHostExitsOne() {
    // RFC 2606 §2: ".invalid" never resolves.
    CliRun run = connect("", "ws://nonexistent.invalid/");
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).isEqualTo("sockjet: cannot resolve host 'nonexistent.invalid'\n");
  }

  @Test
  void refusedUpgradeExitsOneWithTheHttpStatus() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .handshake(HandshakeHandler.sync(req -> HandshakeResponse.reject(404))).start();
    CliRun run = connect("", url() + "nowhere");
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).startsWith("sockjet: the server refused the WebSocket upgrade of "
        + url() + "nowhere: HTTP 404").doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void serverThatNeverAnswersTimesOutAfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      CliRun run = connect("", "--connect-timeout", "300ms",
          "ws://127.0.0.1:" + silent.getLocalPort() + "/");
      assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
      assertThat(run.err()).startsWith("sockjet: timed out after 300 ms connecting to");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void serverCloseWithAnErrorCodeIsPrintedAndExitsThree() {
    server = closingServer(4001, "bye now");
    BlockingInput stdin = new BlockingInput();
    try {
      CliRun run = CliRun.inProcess(ConnectCommand::new, stdin, url());
      assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
      assertThat(run.err()).isEqualTo("sockjet: closed by the server: 4001 bye now\n");
    } finally {
      stdin.end();
    }
  }

  @Test
  void serverGoingAwayExitsZero() {
    server = closingServer(1001, "");
    BlockingInput stdin = new BlockingInput();
    try {
      CliRun run = CliRun.inProcess(ConnectCommand::new, stdin, url());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err()).isEqualTo("sockjet: closed by the server: 1001\n");
    } finally {
      stdin.end();
    }
  }

  WebSocketServer closingServer(int code, String reason) {
    return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.close(code, reason);
          }
        }).start();
  }

  @Test
  void untrustedCertificateFailsWithTlsMessageAndInsecureConnectsWithAWarning() {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1");
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .tls(cert.serverContext())
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }
        }).start();
    String wss = "wss://127.0.0.1:" + server.port() + "/";

    CliRun refused = connect("hi\n", wss);
    assertThat(refused.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(refused.err()).isEqualTo("sockjet: TLS handshake with 127.0.0.1:" + server.port()
        + " failed: the server's certificate is not trusted (--insecure skips certificate checks,"
        + " for test servers only)\n");

    CliRun insecure = connect("hi\n", "--insecure", wss);
    assertThat(insecure.exit()).as(insecure.err()).isZero();
    assertThat(insecure.out()).isEqualTo("hi\n");
    assertThat(insecure.err()).startsWith("sockjet: warning: --insecure");
  }

  @Test
  void proxyWithCredentialsCarriesTheConnection() throws Exception {
    echoServer();
    try (TinyConnectProxy proxy = new TinyConnectProxy()) {
      CliRun run = connect("through the proxy\n", "--proxy",
          "http://alice:s%40cret@127.0.0.1:" + proxy.port(), url());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("through the proxy\n");
      assertThat(proxy.requestHead()).startsWith("CONNECT 127.0.0.1:" + server.port() + " ")
          // Basic base64("alice:s@cret")
          .contains("Proxy-Authorization: Basic YWxpY2U6c0BjcmV0");
    }
  }

  @Test
  void helpListsTheOptionsAndExamples() {
    String usage = new picocli.CommandLine(new Main()).getSubcommands().get("connect")
        .getUsageMessage();
    assertThat(usage).contains("--binary", "--echo", "--header", "--subprotocol", "--insecure",
        "--proxy", "--connect-timeout", "--wait", "(default: 2s)", "--one-message", "--no-close",
        "--ping-interval", "--ping-timeout", "--print-ping-rtts", "--ca", "--cert", "--key",
        "--reconnect", "--max-message", "--max-fragments", "--jsonl", "Examples:",
        "Exit status:");
  }
}
