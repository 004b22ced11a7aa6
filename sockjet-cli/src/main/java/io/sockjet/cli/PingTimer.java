package io.sockjet.cli;

import io.sockjet.MessageSender;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect --print-ping-rtts}: pings every interval with the send time in the payload and
 * prints the round trip when the pong brings it back, as websocat's {@code --print-ping-rtts}
 * does. Only pongs carrying our tag count, so the library's own keepalive pings and unsolicited
 * pongs are left alone. Thread-safe: pings go out from a daemon timer thread, pongs arrive on the
 * connection's event loop.
 */
final class PingTimer implements AutoCloseable {
  /** Marks our pings: "SJ" before the eight bytes of System.nanoTime(). */
  private static final short TAG = 0x534A;
  private static final int PAYLOAD = 10;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sockjet-ping");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream err;

  /** Pings on {@code sender} every {@code interval}, printing round trips on {@code err}. */
  PingTimer(MessageSender sender, Duration interval, PrintStream err) {
    this.err = err;
    long nanos = interval.toNanos();
    timer.scheduleAtFixedRate(() -> sender.ping(ByteBuffer.allocate(PAYLOAD).putShort(TAG)
        .putLong(System.nanoTime()).flip()), nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** Told of every pong: one of ours prints its round trip. */
  void pong(ByteBuffer payload) {
    if (payload.remaining() != PAYLOAD || payload.getShort(payload.position()) != TAG) {
      return;
    }
    long rtt = System.nanoTime() - payload.getLong(payload.position() + 2);
    err.println(String.format(Locale.ROOT, "sockjet: ping rtt %.3f ms", rtt / 1e6));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
