package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code connect} does when its input ends: it waits for the server's answers ({@code
 * --wait}), or for one answer ({@code -1}), or for the server's close ({@code --no-close}), and
 * its exit status says how the server closed.
 */
@Timeout(60)
class ConnectEndOfInputTest {
  @RegisterExtension
  final LocalServer local = new LocalServer();

  String url() {
    return local.url();
  }

  static CliRun connect(String stdin, String... args) {
    return CliRun.inProcess(ConnectCommand::new, stdin, args);
  }

  /** A server that answers each text message {@code copies} times, {@code lateMillis} late. */
  WebSocketServer lateEcho(long lateMillis, int copies) {
    Executor late = CompletableFuture.delayedExecutor(lateMillis, TimeUnit.MILLISECONDS);
    return local.start(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            late.execute(() -> {
              for (int i = 0; i < copies; i++) {
                ws.sendText(copies == 1 ? text : text + " " + i);
              }
            });
          }
        });
  }

  @Test
  void aReplyThatComes100MillisecondsAfterTheInputEndedIsStillPrinted() {
    lateEcho(100, 1);
    for (int i = 0; i < 5; i++) { // the race was lost most of the time; five runs would show it
      CliRun run = connect("hi " + i + "\n", url());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("hi " + i + "\n");
    }
  }

  @Test
  void waitZeroClosesAtOnceAsBefore() {
    lateEcho(500, 1);
    long start = System.nanoTime();
    CliRun run = connect("hi\n", "--wait", "0", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void theQuietTimeCountsFromTheLastMessage() {
    // Replies 300 ms apart, each sooner than --wait after the one before, all later than --wait
    // after the end of input taken alone.
    local.start(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            for (int i = 1; i <= 3; i++) {
              int n = i;
              CompletableFuture.delayedExecutor(300L * i, TimeUnit.MILLISECONDS)
                  .execute(() -> ws.sendText("tick " + n));
            }
          }
        });
    CliRun run = connect("go\n", "--wait", "500ms", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("tick 1\ntick 2\ntick 3\n");
  }

  @Test
  void aSilentServerIsClosedAfterTheWait() {
    local.start(new WebSocketListener() {});
    long start = System.nanoTime();
    CliRun run = connect("anyone?\n", "--wait", "300ms", url());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(2)); // not the default 2 s
  }

  @Test
  void theServersCloseEndsTheWaitAtOnce() {
    local.start(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText("last word");
            ws.close(1000, "done");
          }
        });
    long start = System.nanoTime();
    CliRun run = connect("hi\n", "--wait", "10s", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("last word\n");
    assertThat(run.err()).isEqualTo("sockjet: closed by the server: 1000 done\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void oneMessageSendsTheFirstLineAndPrintsTheFirstReply() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Executor late = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);
    local.start(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            seen.add(text);
            late.execute(() -> {
              ws.sendText(text + " 1");
              ws.sendText(text + " 2");
            });
          }
        });
    CliRun run = connect("first\nsecond\n", "-1", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("first 1\n");
    assertThat(seen).containsExactly("first");

    CliRun longName = connect("again\n", "--one-message", url());
    assertThat(longName.out()).isEqualTo("again 1\n");
  }

  @Test
  void oneMessageWithoutAReplyWithinTheWaitExitsThree() {
    local.start(new WebSocketListener() {});
    CliRun run = connect("hello?\n", "-1", "--wait", "200ms", url());
    assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(run.err()).isEqualTo("sockjet: no message came within 200ms (--wait)\n");
  }

  @Test
  void oneMessageWithEmptyInputPrintsWhatTheServerSaysFirst() {
    local.start(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.sendText("welcome");
            ws.sendText("news");
          }
        });
    CliRun run = connect("", "-1", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("welcome\n");
  }

  @Test
  void noCloseKeepsPrintingUntilTheServerCloses() {
    local.start(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            Executor later = CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS);
            ws.sendText("now");
            later.execute(() -> {
              ws.sendText("later");
              ws.close(1000, "that is all");
            });
          }
        });
    CliRun run = connect("", "--no-close", "--wait", "0", url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("now\nlater\n");
  }

  @Test
  void aLineOverTheServersLimitExitsThreeNamingTheCode() {
    local.start(b -> b.maxMessageSize(100).listener(new EchoBack()));
    String input = "short\n" + "x".repeat(1000) + "\n";
    for (String wait : List.of("2s", "0")) { // 0: our close crosses the server's 1009
      CliRun run = connect(input, "--wait", wait, url());
      assertThat(run.exit()).as("--wait %s: %s", wait, run.err()).isEqualTo(ExitStatus.FAILED);
      assertThat(run.err()).as("--wait " + wait)
          .startsWith("sockjet: closed by the server: 1009 (message too big)").hasLineCount(1);
    }
  }

  @Test
  void aNegativeWaitIsAUsageError() {
    CliRun run = connect("", "--wait", "-1s", "ws://127.0.0.1:1/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
  }
}
