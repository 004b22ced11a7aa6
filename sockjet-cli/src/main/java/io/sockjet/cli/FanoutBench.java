package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * {@code sockjet bench --fanout}: one publisher and many subscribers of one topic of a {@code
 * serve --pubsub} server. The subscribers connect and subscribe (all confirmed before anything is
 * published), the publisher publishes for the warm-up and then the measurement ({@link
 * FanoutPublisher}), and each subscriber times and checks every delivery ({@link
 * FanoutSubscriber}). When publishing ends the run drains: it waits until every subscriber has
 * every measured publish, or until nothing has come for {@link #QUIET}, and what has not come by
 * then is lost.
 *
 * <p>Threads: the connections live on the client's event loops, the publisher on a thread of its
 * own; the command's thread only samples, prints and waits.
 */
final class FanoutBench {
  /** How long the subscribers have to confirm their subscriptions, after connecting. */
  static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(10);
  /** After publishing, a run that gets nothing for this long is over: the rest is lost. */
  static final Duration QUIET = Duration.ofSeconds(2);

  /**
   * What to run.
   *
   * @param url a {@code serve --pubsub} server
   * @param topic the topic everyone subscribes and publishes to
   * @param subscribers subscriber connections
   * @param size payload bytes of each publish (the prefix {@code pub TOPIC } not counted)
   * @param window publishes outstanding at most when {@code rate} is 0
   * @param rate publishes a second; 0 for as fast as {@code window} allows
   * @param duration how long to measure
   * @param warmup how long to publish before measuring
   * @param connectTimeout the client's, for messages about failed connections
   */
  record Setup(URI url, String topic, int subscribers, int size, int window, int rate,
      Duration duration, Duration warmup, Duration connectTimeout) {}

  private final Setup setup;
  private final Stdio io;
  private final FanoutStats stats = new FanoutStats();

  FanoutBench(Setup setup, Stdio io) {
    this.setup = setup;
    this.io = io;
  }

  /** Runs on {@code client}'s loops; returns the exit status. */
  int run(WebSocketClient client) throws InterruptedException {
    FanoutWindow window = setup.rate() == 0
        ? new FanoutWindow(setup.window(), setup.subscribers()) : null;
    List<FanoutSubscriber> subscribers = new ArrayList<>(setup.subscribers());
    for (int i = 0; i < setup.subscribers(); i++) {
      subscribers.add(new FanoutSubscriber(i, setup.topic(), payload(), stats, window));
    }
    List<WebSocket> sockets = BenchConnections.open(client, setup.url(), subscribers,
        setup.connectTimeout(), io.err());
    if (sockets == null || !subscribed(subscribers)) {
      stats.stop();
      return ExitStatus.CONNECT_FAILED;
    }
    List<WebSocket> publisherSocket = BenchConnections.open(client, setup.url(),
        List.of(publisherListener()), setup.connectTimeout(), io.err());
    if (publisherSocket == null) {
      stats.stop();
      return ExitStatus.CONNECT_FAILED;
    }
    sockets.addAll(publisherSocket);

    long start = System.nanoTime();
    long measureStart = start + setup.warmup().toNanos();
    long end = measureStart + setup.duration().toNanos();
    stats.measureFrom(measureStart);
    FanoutPublisher publisher = new FanoutPublisher(publisherSocket.get(0), setup.topic(),
        payload(), stats, setup.rate(), window, end);
    Thread publishing = new Thread(publisher, "sockjet-bench-publisher");
    publishing.setDaemon(true);
    publishing.start();
    Histogram latency = measure(publishing, publisher, start, measureStart);
    stats.stop();
    BenchConnections.closeAll(sockets);

    FanoutResult result = result(publisher, subscribers);
    double seconds = (Math.max(Math.min(System.nanoTime(), end), stats.lastDelivery())
        - measureStart) / 1e9;
    BenchReport.printFanout(io.out(), describe(seconds), seconds, setup.size(), stats, result,
        latency);
    if (stats.delivered() == 0) {
      io.err().println("sockjet: no publish was delivered during the measurement");
      return ExitStatus.FAILED;
    }
    return stats.errors() + result.lost() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
  }

  /** What the publisher sends; each subscriber checks deliveries against one of its own. */
  private BenchPayload payload() {
    return new BenchPayload(true, setup.size(), 0);
  }

  /** Waits until every subscriber has its {@code ok sub}; false, with the reason, if not. */
  private boolean subscribed(List<FanoutSubscriber> subscribers) throws InterruptedException {
    long deadline = System.nanoTime() + SUBSCRIBE_WAIT.toNanos();
    for (int i = 0; i < subscribers.size(); i++) {
      try {
        subscribers.get(i).subscribed.get(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        String why = e instanceof TimeoutException
            ? "no 'ok sub " + setup.topic() + "' within " + SUBSCRIBE_WAIT.toSeconds() + " s"
            : "'" + e.getCause().getMessage() + "' instead of 'ok sub " + setup.topic() + "'";
        io.err().println("sockjet: subscriber " + (i + 1) + " of " + subscribers.size() + " got "
            + why + ": is " + setup.url() + " a sockjet serve --pubsub server?");
        return false;
      }
    }
    return true;
  }

  /** The publisher's connection hears nothing from the server when all goes well. */
  private WebSocketListener publisherListener() {
    return new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        stats.mismatch("publisher: the server said: " + FanoutSubscriber.shorten(text));
      }

      @Override
      public void onClose(WebSocket ws, CloseEvent event) {
        if (stats.running()) {
          stats.connectionLost("the publisher was closed during the run: " + event.code()
              + (event.reason().isEmpty() ? "" : " " + event.reason()));
        }
      }
    };
  }

  /**
   * Samples progress while publishing and draining; returns the latencies of the measurement.
   * Gives up when nothing at all is delivered for {@link BenchCommand#STALL} while publishing.
   */
  private Histogram measure(Thread publishing, FanoutPublisher publisher, long start,
      long measureStart) throws InterruptedException {
    BenchProgress progress = new BenchProgress(new ProgressLine(io.err(), io.interactive()),
        stats.latency, "deliveries/s", start);
    long lastReceived = 0;
    long lastReceivedAt = start;
    while (true) {
      long now = System.nanoTime();
      long received = stats.received();
      if (received != lastReceived) {
        lastReceived = received;
        lastReceivedAt = now;
      }
      boolean publishingNow = publishing.isAlive();
      if (publishingNow && now - lastReceivedAt >= BenchCommand.STALL.toNanos()) {
        stats.problem("no delivery for " + BenchCommand.STALL.toSeconds() + " s: giving up");
        stats.stop();
      }
      String phase = progress.intervalStart() < measureStart ? "warm-up"
          : publishingNow ? "measuring" : "draining";
      // The publisher's counts are read only once its thread has ended (isAlive said so).
      if (!publishingNow && (now - lastReceivedAt >= QUIET.toNanos() || !stats.running()
          || stats.delivered() >= publisher.measured() * setup.subscribers())) {
        return progress.finish(now, phase, received, stats.errors());
      }
      progress.tick(now, phase, received, stats.errors());
      publishing.join(10); // short naps: the drain ends within 10 ms of the last delivery
    }
  }

  /** The totals: what the publisher sent against what each subscriber got. */
  private static FanoutResult result(FanoutPublisher publisher,
      List<FanoutSubscriber> subscribers) {
    long lost = 0;
    long most = 0;
    for (FanoutSubscriber s : subscribers) {
      long missing = Math.max(0, publisher.measured() - s.measured());
      lost += missing;
      most = Math.max(most, missing);
    }
    return new FanoutResult(publisher.measured(), lost, most);
  }

  private String describe(double seconds) {
    String pace = setup.rate() > 0 ? String.format(Locale.ROOT, "at %,d publishes/s", setup.rate())
        : "as fast as " + setup.window() + " publishes in flight allow";
    return String.format(Locale.ROOT,
        "sockjet bench --fanout %s: %,d subscriber%s of \"%s\", 1 publisher %s, "
            + "%d-byte payloads, a duration of %s s, after a %.1f s warm-up (%.2f s measured)",
        setup.url(), setup.subscribers(), setup.subscribers() == 1 ? "" : "s", setup.topic(),
        pace, setup.size(), setup.duration().toMillis() / 1000.0,
        setup.warmup().toMillis() / 1000.0, seconds);
  }
}
