package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockjet bench --fanout} in-process against {@code serve --pubsub} in-process (and
 * against servers that are not, or that lose deliveries): every publish reaches every subscriber,
 * the figures are sane, and losses are counted.
 */
@Timeout(60)
class FanoutBenchIT {
  private ServeRunner serve;
  private WebSocketServer other;

  @AfterEach
  void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
    if (other != null) {
      other.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  private String pubsub() throws InterruptedException {
    serve = ServeRunner.start("--pubsub", "-q");
    return "ws://127.0.0.1:" + serve.port() + "/";
  }

  private static CliRun bench(String... args) {
    return CliRun.inProcess(BenchCommand::new, "", args);
  }

  private static double row(CliRun run, String name) {
    return BenchCommandTest.row(run.out(), name);
  }

  @Test
  void atAFixedRateEveryPublishReachesEverySubscriber() throws Exception {
    String url = pubsub();
    CliRun run = bench("--fanout", "--subscribers", "4", "--publish-rate", "200",
        "--duration", "2s", "--warmup", "500ms", url);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("sockjet bench --fanout " + url + ": 4 subscribers of "
        + "\"bench\", 1 publisher at 200 publishes/s, 32-byte payloads, a duration of 2.0 s, "
        + "after a 0.5 s warm-up");
    double publishes = row(run, "publishes");
    assertThat(publishes).as("200 a second for 2 s").isBetween(380.0, 402.0);
    assertThat(row(run, "deliveries")).isEqualTo(publishes * 4);
    assertThat(row(run, "deliveries/s")).isBetween(600.0, 1000.0);
    assertThat(row(run, "errors")).isZero();
    assertSaneLatency(run);
    // The warm-up's second is labelled so, and its deliveries are not in the table.
    assertThat(run.err()).contains(" warm-up ").contains(" measuring ").doesNotContain("\r");
    assertThat(serve.server().topics().subscribers("bench")).as("all closed").isZero();
  }

  @Test
  void asFastAsTheWindowAllowsEveryPublishReachesEverySubscriber() throws Exception {
    String url = pubsub();
    CliRun run = bench("--fanout", "--subscribers", "3", "--in-flight", "4", "--size", "100",
        "--topic", "fast/lane", "--duration", "1s", "--warmup", "0", url);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("3 subscribers of \"fast/lane\", 1 publisher as fast as 4 "
        + "publishes in flight allow, 100-byte payloads");
    double publishes = row(run, "publishes");
    assertThat(publishes).isPositive();
    assertThat(row(run, "deliveries")).isEqualTo(publishes * 3);
    assertThat(row(run, "errors")).isZero();
    assertSaneLatency(run);
  }

  private static void assertSaneLatency(CliRun run) {
    double p50 = row(run, "latency p50");
    assertThat(p50).isPositive().isLessThanOrEqualTo(row(run, "latency p99"));
    assertThat(row(run, "latency p99")).isLessThanOrEqualTo(row(run, "latency p99.9"));
    assertThat(row(run, "latency p99.9")).isLessThanOrEqualTo(row(run, "latency max"))
        .as("microseconds, on loopback").isLessThan(10_000_000.0);
  }

  /**
   * A server that speaks the protocol but drops every 5th delivery to its first subscriber: the
   * gaps are lost deliveries, all on one subscriber, and the run fails.
   */
  @Test
  void deliveriesAServerLosesAreCountedAgainstTheSubscriber() {
    List<WebSocket> subscribers = new CopyOnWriteArrayList<>();
    AtomicLong toFirst = new AtomicLong();
    other = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            if (text.startsWith("sub ")) {
              subscribers.add(ws);
              ws.sendText("ok " + text);
              return;
            }
            String message = "msg " + text.substring(4); // "pub TOPIC PAYLOAD"
            for (WebSocket s : subscribers) {
              if (s != subscribers.get(0) || toFirst.incrementAndGet() % 5 != 0) {
                s.sendText(message);
              }
            }
          }
        }).start();
    CliRun run = bench("--fanout", "--subscribers", "3", "--publish-rate", "500",
        "--duration", "1s", "--warmup", "0", "ws://127.0.0.1:" + other.port() + "/");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitStatus.FAILED);
    double publishes = row(run, "publishes");
    double lost = row(run, "lost");
    assertThat(lost).as("a fifth of what the first subscriber was sent")
        .isBetween(Math.floor(publishes / 5) - 1, Math.ceil(publishes / 5) + 1);
    assertThat(row(run, "most by one")).isEqualTo(lost);
    assertThat(row(run, "deliveries")).isEqualTo(publishes * 3 - lost);
    assertThat(row(run, "out of order")).isZero();
  }

  @Test
  void aServerThatDoesNotSpeakPubsubIsNamed() {
    other = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text); // an echo server
          }
        }).start();
    String url = "ws://127.0.0.1:" + other.port() + "/";
    CliRun run = bench("--fanout", "--subscribers", "2", url);
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).contains("got 'sub bench' instead of 'ok sub bench': is " + url
        + " a sockjet serve --pubsub server?");
  }

  @Test
  void optionsOfOneKindOfRunAreRefusedInTheOther() {
    CliRun connections = bench("--fanout", "-c", "5", "ws://127.0.0.1:1/");
    assertThat(connections.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(connections.err()).contains("--fanout has --subscribers instead of --connections");
    CliRun topic = bench("--topic", "t", "ws://127.0.0.1:1/");
    assertThat(topic.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(topic.err()).contains("--topic goes with --fanout");
    CliRun badTopic = bench("--fanout", "--topic", "two words", "ws://127.0.0.1:1/");
    assertThat(badTopic.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(badTopic.err()).contains("--topic: " + PubSubCommand.TOPIC_RULE);
  }
}
