package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sockjet serve --stdio}: typed lines to every client, their messages printed. */
@Timeout(60)
class ServeStdioTest {

  @Test
  void typedLinesGoToEveryClientAndTheirMessagesArePrintedWithTheirAddress() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    StdioMode mode = new StdioMode(new Stdio(new PipedInputStream(typing),
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8), false));
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(mode.listener()).start();
    mode.started(server);
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();
        Peer ada = Peer.connect(client, URI.create("ws://127.0.0.1:" + server.port() + "/"));
        Peer bob = Peer.connect(client, URI.create("ws://127.0.0.1:" + server.port() + "/x"))) {
      typing.write("hello, both of you 🎉\n".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      assertThat(ada.next()).isEqualTo("hello, both of you 🎉");
      assertThat(bob.next()).isEqualTo("hello, both of you 🎉");

      ada.ws.sendText("hi from ada");
      bob.ws.sendBinary(new byte[] {1, 2, 3});
      String adaLine = "[127.0.0.1:" + ada.ws.localAddress().getPort() + "] hi from ada\n";
      String bobLine = "[127.0.0.1:" + bob.ws.localAddress().getPort() + "] AQID\n";
      for (int i = 0; i < 400 && !(printed.toString(StandardCharsets.UTF_8).contains(bobLine)
          && printed.toString(StandardCharsets.UTF_8).contains(adaLine)); i++) {
        Thread.sleep(25);
      }
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains(adaLine, bobLine);

      typing.close(); // end of input: the mode is finished, and the command stops the server
      mode.finished().get(10, TimeUnit.SECONDS);
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  @Test
  void aLineWithNoClientSaysSo() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    StdioMode mode = new StdioMode(new Stdio(new PipedInputStream(typing),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8), false));
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(mode.listener()).start();
    try {
      mode.started(server);
      typing.write("anyone?\n".getBytes(StandardCharsets.UTF_8));
      typing.close();
      mode.finished().get(10, TimeUnit.SECONDS);
      assertThat(errors.toString(StandardCharsets.UTF_8))
          .isEqualTo("sockjet: no client is connected: the line was not sent\n");
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  @Test
  void theEndOfInputStopsTheServer() throws Exception {
    CliRun run = CliRun.process(new byte[0], 60, "serve", "--stdio", "--host", "127.0.0.1",
        "--port", "0");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("sockjet: stdio server listening on ws://127.0.0.1:");
  }
}
