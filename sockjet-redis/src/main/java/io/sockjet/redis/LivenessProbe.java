package io.sockjet.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Catches a subscription connection that is up but no longer receives: a half-open TCP
 * connection, a NAT or proxy that dropped it silently, a server that lost the subscriptions.
 * Lettuce sees nothing wrong with such a connection, and a quiet topic looks the same as a dead
 * one. So every {@code interval} the node publishes a numbered probe on a channel of its own and
 * expects it back within {@code timeout}; if it does not come back (or Redis says no one
 * subscribes to it), the node is told that the connection is dead.
 *
 * <p>Thread-safe: probes go out and are checked on the timer, and come back on Lettuce's thread.
 */
final class LivenessProbe {

  /** What the probe needs of the broker. */
  interface Node {
    /** Whether the node is up now, so that a probe makes sense. */
    boolean up();

    /** The current subscription connection's number, to tell a late verdict from a new one. */
    long connection();

    /** Publishes {@code probe} on the probe channel; completes with the receivers' count. */
    CompletionStage<Long> publish(ByteBuffer probe);

    /**
     * The probe sent on {@code connection} failed: {@code why}, and whether Redis did not even
     * answer the publish (the publishing connection is in doubt too).
     */
    void dead(long connection, String why, boolean unanswered);
  }

  private final Node node;
  private final Duration interval;
  private final Duration timeout;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong outstanding = new AtomicLong(); // the probe awaited, 0 for none
  private volatile boolean answered;

  LivenessProbe(Node node, Duration interval, Duration timeout) {
    this.node = node;
    this.interval = interval;
    this.timeout = timeout;
  }

  /** Sends a probe every interval, on {@code timer}, until the timer shuts down. */
  void start(ScheduledExecutorService timer) {
    long every = interval.toNanos();
    timer.scheduleWithFixedDelay(() -> send(timer), every, every, TimeUnit.NANOSECONDS);
  }

  private void send(ScheduledExecutorService timer) {
    if (!node.up() || outstanding.get() != 0) {
      return; // down: nothing to probe; out: its deadline decides
    }
    long seq = sequence.incrementAndGet();
    long connection = node.connection();
    answered = false;
    outstanding.set(seq);
    node.publish(ByteBuffer.allocate(Long.BYTES).putLong(0, seq)).whenComplete((n, e) -> {
      if (e != null) {
        // Not sent, or sent and not answered. Only the latter says something of the connection:
        // a lost one is reported by Lettuce, and a new probe goes out once it is back.
        if (outstanding.compareAndSet(seq, 0) && timedOut(e)) {
          node.dead(connection, "Redis did not answer the probe's publish in time", true);
        }
        return;
      }
      answered = true;
      if (n == 0 && outstanding.compareAndSet(seq, 0)) {
        node.dead(connection, "Redis has no subscriber on this node's probe channel", false);
      }
    });
    try {
      timer.schedule(() -> {
        if (outstanding.compareAndSet(seq, 0)) {
          node.dead(connection, "the probe did not come back within " + timeout, !answered);
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      // The broker closed meanwhile.
    }
  }

  private static boolean timedOut(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof RedisCommandTimeoutException;
  }

  /** A probe came back. Lettuce's thread. */
  void received(ByteBuffer probe) {
    if (probe.remaining() == Long.BYTES) {
      outstanding.compareAndSet(probe.getLong(probe.position()), 0);
    }
  }

  /** Forgets the probe out: the connection it was sent on is gone anyway. */
  void reset() {
    outstanding.set(0);
  }
}
