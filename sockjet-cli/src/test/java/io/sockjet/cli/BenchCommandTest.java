package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sockjet bench} in-process against Sockjet echo servers, honest and not. */
@Timeout(60)
class BenchCommandTest {
  WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  /** An echo server that spoils one binary message in {@code every} (0: none) by a bit flip. */
  WebSocketServer echoServer(int every) {
    AtomicLong count = new AtomicLong();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            if (every > 0 && count.incrementAndGet() % every == 0) {
              int last = data.limit() - 1;
              data.put(last, (byte) (data.get(last) ^ 0x20));
            }
            ws.sendBinary(data);
          }
        }).start();
    return server;
  }

  String url() {
    return "ws://127.0.0.1:" + server.port() + "/";
  }

  static CliRun bench(String... args) {
    return CliRun.inProcess(BenchCommand::new, "", args);
  }

  /** The number in the table's row {@code name}, without its thousands separators. */
  static double row(String table, String name) {
    Matcher m = Pattern.compile("(?m)^ +" + Pattern.quote(name) + " +([0-9,.]+)").matcher(table);
    assertThat(m.find()).as("row '%s' in:%n%s", name, table).isTrue();
    return Double.parseDouble(m.group(1).replace(",", ""));
  }

  @Test
  void timedRunAgainstAnEchoServerHasMessagesAndNoErrors() {
    echoServer(0);
    CliRun run = bench("--connections", "4", "--in-flight", "4", "--size", "64",
        "--duration", "1s", "--warmup", "200ms", url());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(row(run.out(), "messages")).isPositive();
    assertThat(row(run.out(), "messages/s")).isPositive();
    assertThat(row(run.out(), "MB/s")).isPositive();
    assertThat(row(run.out(), "latency p50")).isPositive()
        .isLessThanOrEqualTo(row(run.out(), "latency p99"));
    assertThat(row(run.out(), "latency p99.9")).isLessThanOrEqualTo(row(run.out(), "latency max"));
    assertThat(row(run.out(), "errors")).isZero();
    assertThat(run.out()).startsWith("sockjet bench " + url() + ": 4 connections, 4 in flight "
        + "each, 64-byte binary messages");
    // Not a terminal: progress comes as plain lines, with no carriage returns. The first second
    // began in the warm-up and is labelled so.
    assertThat(run.err()).contains(" warm-up ").contains("measuring").doesNotContain("\r");
  }

  @Test
  void countedTextRunMeasuresExactlyThatManyMessages() {
    echoServer(0);
    CliRun run = bench("--text", "--messages", "500", "--warmup", "0", "--connections", "3",
        "--size", "100", url());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(row(run.out(), "messages")).isEqualTo(500);
    assertThat(row(run.out(), "errors")).isZero();
    assertThat(run.out()).contains("100-byte text messages");
  }

  @Test
  void aServerThatDoesNotEchoIsNamedSoNotCountedAsErrors() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendText("not what you sent");
          }
        }).start();
    CliRun run = bench("--connections", "2", "--duration", "500ms", "--warmup", "300ms", url());
    assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(run.err()).contains("not an echo server: none of its");
    assertThat(run.out()).as("no table of errors larger than the messages").doesNotContain("errors");
  }

  @Test
  void corruptedEchoesAreCountedAsErrorsAndFailTheRun() {
    echoServer(7);
    CliRun run = bench("--connections", "2", "--messages", "300", "--warmup", "0", url());
    assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
    // Every 7th echo is spoiled: 300 measured messages hold about 42 of them.
    assertThat(row(run.out(), "mismatched")).isBetween(35.0, 50.0);
    assertThat(row(run.out(), "errors")).isEqualTo(row(run.out(), "mismatched"));
    assertThat(run.out()).contains("differs from what was sent");
  }

  @Test
  void aServerThatClosesMidRunCostsTheConnectionAndItsMessages() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          final AtomicLong seen = new AtomicLong();

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            if (seen.incrementAndGet() == 50) {
              ws.close(1011, "oops");
            } else {
              ws.sendBinary(data);
            }
          }
        }).start();
    CliRun run = bench("--connections", "1", "--in-flight", "4", "--messages", "1000",
        "--warmup", "0", url());
    assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(row(run.out(), "connections lost")).isEqualTo(1);
    assertThat(row(run.out(), "lost")).isBetween(1.0, 4.0); // those in flight when it closed
    assertThat(run.out()).contains("closed during the run: 1011 oops");
  }

  @Test
  void refusedConnectionExitsOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun run = bench("--connections", "2", "ws://127.0.0.1:" + port + "/");
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).contains("connection refused");
  }

  @Test
  void tooSmallSizeIsAUsageError() {
    CliRun run = bench("--text", "--size", "16", "ws://127.0.0.1:1/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).contains("--size must be at least 32 for text");
  }

  @Test
  void helpListsTheOptionsAndExamples() {
    String usage = new picocli.CommandLine(new Main()).getSubcommands().get("bench")
        .getUsageMessage();
    assertThat(usage).contains("--connections", "--size", "--in-flight", "--duration",
        "--messages", "--warmup", "--binary", "--text", "Examples:", "Exit status:");
  }
}
