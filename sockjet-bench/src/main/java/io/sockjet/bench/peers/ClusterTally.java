package io.sockjet.bench.peers;

import io.sockjet.BrokerState;
import io.sockjet.BrokerUnavailableException;
import io.sockjet.PublishResult;
import io.sockjet.WebSocketListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What one node of a fan-out across nodes ({@link SockjetFanoutServer} with {@code --redis}) saw
 * of its cluster: its publishes that the broker took, those that failed fast because it was down
 * ({@link BrokerUnavailableException}) or for another reason, and the {@code onMissed} notices
 * its subscribers got, with an unknown count (an outage) or a known one (a sequence gap, a drop).
 * A driver counts the messages themselves; these are the node's side, which a raw client cannot
 * see. Thread-safe: counted on the loops and Lettuce's threads, printed by a daemon thread.
 *
 * <p>It prints a {@code STATS} line (with {@link System#nanoTime()}, comparable with the drivers'
 * on Linux, and the broker's state) each second in which anything changed, and one more when the
 * JVM stops, so that a run's log is its node's timeline across a Redis restart.
 */
final class ClusterTally {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder otherFailures = new LongAdder();
  private final LongAdder missedUnknown = new LongAdder();
  private final LongAdder missedCounted = new LongAdder();
  private final LongAdder missedSum = new LongAdder();
  private final Supplier<BrokerState> state;

  /** A tally of a node whose broker's state {@code state} tells. */
  ClusterTally(Supplier<BrokerState> state) {
    this.state = state;
  }

  /** Starts printing (each second, if anything changed, and at exit). */
  void start() {
    Thread printer = new Thread(() -> {
      String last = "";
      while (true) {
        String now = counts();
        if (!now.equals(last)) {
          print(now);
          last = now;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cluster-tally");
    printer.setDaemon(true);
    printer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> print(counts())));
  }

  /** Counts a publish by how it ends: taken by the broker, or failed (and why). */
  void published(CompletableFuture<PublishResult> publish) {
    publish.whenComplete((r, e) -> {
      Throwable cause = e instanceof CompletionException ce && ce.getCause() != null
          ? ce.getCause() : e;
      if (cause == null) {
        accepted.increment();
      } else if (cause instanceof BrokerUnavailableException) {
        unavailable.increment();
      } else {
        otherFailures.increment();
      }
    });
  }

  /** Counts one subscriber's {@code onMissed}. */
  void missed(long count) {
    if (count == WebSocketListener.UNKNOWN_COUNT) {
      missedUnknown.increment();
    } else {
      missedCounted.increment();
      missedSum.add(count);
    }
  }

  private String counts() {
    return "state=" + state.get() + " published=" + accepted.sum() + " failed_unavailable="
        + unavailable.sum() + " failed_other=" + otherFailures.sum() + " missed_unknown="
        + missedUnknown.sum() + " missed_counted=" + missedCounted.sum() + " missed_sum="
        + missedSum.sum();
  }

  private static void print(String counts) {
    System.out.println("STATS t_ns=" + System.nanoTime() + " " + counts);
    System.out.flush();
  }
}
