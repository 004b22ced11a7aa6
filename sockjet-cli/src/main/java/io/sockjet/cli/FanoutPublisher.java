package io.sockjet.cli;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher of a fan-out run, on a thread of its own: sends {@code pub TOPIC PAYLOAD} until
 * the run's end, either at a fixed rate (open loop: the schedule does not wait for the server, so
 * a server that falls behind shows as latency) or as fast as a {@link FanoutWindow} allows
 * (closed loop: at most so many publishes not yet received by every subscriber). The payload
 * carries the sequence number and the send time, {@code System.nanoTime()} of this process,
 * which the subscribers, in the same process, subtract from their receipt time.
 *
 * <p>Threading: {@link #run} on its own thread; the counts are read by the command's thread
 * after joining it. Sends go to the connection's loop, which copies the reused text first.
 */
final class FanoutPublisher implements Runnable {
  /** The longest nap, so that the end of the run or a stop is noticed promptly. */
  private static final long NAP = TimeUnit.MILLISECONDS.toNanos(10);

  private final WebSocket ws;
  private final StringBuilder message; // "pub TOPIC " then the payload, rewritten per publish
  private final int prefixLength;
  private final BenchPayload payload;
  private final FanoutStats stats;
  private final FanoutWindow window; // null: keep the rate
  private final long interval; // nanoseconds between publishes at the rate
  private final long end;
  private long sent;
  private long measured;

  /**
   * Publishes to {@code topic} on {@code ws} until {@code end} ({@code System.nanoTime()}):
   * {@code rate} a second, or, with {@code window} (and a rate of 0), as fast as it allows.
   */
  FanoutPublisher(WebSocket ws, String topic, BenchPayload payload, FanoutStats stats,
      int rate, FanoutWindow window, long end) {
    this.ws = ws;
    this.message = new StringBuilder("pub ").append(topic).append(' ');
    this.prefixLength = message.length();
    this.payload = payload;
    this.stats = stats;
    this.window = window;
    this.interval = rate > 0 ? 1_000_000_000L / rate : 0;
    this.end = end;
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    try {
      while (stats.running()) {
        long now = System.nanoTime();
        if (now >= end) {
          return;
        }
        if (window != null) {
          if (!window.take(Math.min(NAP, end - now))) {
            continue;
          }
        } else if (now < next) {
          LockSupport.parkNanos(Math.min(NAP, next - now));
          continue;
        } else {
          next += interval; // behind schedule (a pause), it catches up: the rate is kept
        }
        publish(System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the command gave up on the run
    }
  }

  private void publish(long now) {
    long seq = sent;
    if (window != null) {
      window.sending(seq);
    }
    message.setLength(prefixLength);
    message.append(payload.text(seq, now));
    if (ws.sendText(message) == SendResult.REFUSED) {
      stats.refused("publisher: publish " + seq + " refused: the server does not read as fast "
          + "as the rate; try a lower --publish-rate");
      stats.stop();
      return;
    }
    sent++;
    if (stats.measured(now)) {
      measured++;
    }
  }

  /** Publishes sent, warm-up included; read after the thread has ended. */
  long sent() {
    return sent;
  }

  /** Measured publishes sent; read after the thread has ended. */
  long measured() {
    return measured;
  }
}
