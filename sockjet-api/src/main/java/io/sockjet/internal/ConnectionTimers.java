package io.sockjet.internal;

import io.sockjet.protocol.ConnectionState;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.TimerHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection's deadlines, on its loop's clock ({@link EventLoop#clock()}, so tests drive them
 * with a fake one): the keepalive ping after silence and the drop when it stays unanswered, the
 * idle timeout, the time to finish an incoming message, then the closing handshake's deadline.
 * One timer at a time: while open, the next silence check; once closing starts, the close
 * deadline (the checks have nothing left to do then). What a timer decides goes through the
 * close controller. Loop-confined.
 */
abstract class ConnectionTimers extends ConnectionCore {
  /**
   * Bytes read between two keepalive checks that prove a peer alive even if no frame completed:
   * a large frame on a slow link makes steady progress, a peer that dribbles a byte every few
   * seconds to look alive does not. 16 KiB per check is 400 B/s at the default 40 s.
   */
  static final long PROGRESS_BYTES = 16 * 1024;

  /**
   * The keepalive ping's empty payload, one for all connections (a million idle connections ping
   * 50,000 times a second at the default 20 s). Empty, so no send can consume or change it.
   */
  private static final ByteBuffer EMPTY_PING = ByteBuffer.allocate(0).asReadOnlyBuffer();

  // The keepalive check while the connection is open, then the closing handshake's timeout
  // (CLOSE_TIMING): once closing starts, the keepalive check has nothing left to do.
  private TimerHandle timer;
  private long lastHeardNanos; // when the peer last completed a frame (or made progress)
  private long bytesAtCheck; // the channel's bytes read at the last keepalive check
  private long pingDeadlineNanos; // 0 when no keepalive ping is outstanding
  private long messageStartNanos; // when the message coming in started; 0 when none is

  ConnectionTimers(Opening opening) {
    super(opening);
  }

  /** The connection opened: silence is measured from now. */
  void startTimers() {
    lastHeardNanos = loop().clock().nanoTime();
    bytesAtCheck = channel.bytesRead();
    scheduleKeepalive();
  }

  /** A whole frame arrived: the peer is alive (timestamped once per read, in {@link #readDone}). */
  void heard() {
    set(HEARD, true);
  }

  /** The end of handling one read: one clock read for however many frames it held. */
  void readDone() {
    if (is(HEARD)) {
      set(HEARD, false);
      lastHeardNanos = loop().clock().nanoTime();
      pingDeadlineNanos = 0;
    }
  }

  /** A message started coming in; its time is limited if a message timeout is set. */
  void messageStarted() {
    if (settings().messageTimeout() != null) {
      long now = loop().clock().nanoTime();
      messageStartNanos = now != 0 ? now : 1; // never 0, which means "none"
    }
  }

  /** The message coming in ended. */
  void messageEnded() {
    messageStartNanos = 0;
  }

  void scheduleKeepalive() {
    long delay = Long.MAX_VALUE;
    if (settings().pingInterval() != null) {
      delay = Math.min(delay, settings().pingInterval().toNanos());
    }
    if (settings().idleTimeout() != null) {
      delay = Math.min(delay, settings().idleTimeout().toNanos());
    }
    if (settings().messageTimeout() != null) {
      delay = Math.min(delay, settings().messageTimeout().toNanos());
    }
    if (delay != Long.MAX_VALUE) {
      timer = loop().schedule(this::checkSilence, delay, TimeUnit.NANOSECONDS);
    }
  }

  /** Keepalive and idle checks: ping after silence, drop if no answer, close if idle. */
  void checkSilence() {
    timer = null; // this check's own, now run
    if (protocol.state() != ConnectionState.OPEN) {
      return;
    }
    long now = loop().clock().nanoTime();
    long read = channel.bytesRead();
    if (read - bytesAtCheck >= PROGRESS_BYTES) {
      lastHeardNanos = now; // a large frame coming in steadily
      pingDeadlineNanos = 0;
    }
    bytesAtCheck = read;
    long silent = now - lastHeardNanos;
    if (settings().idleTimeout() != null && silent >= settings().idleTimeout().toNanos()) {
      closeOnLoop(CloseCode.GOING_AWAY, "idle timeout", null, false);
      return;
    }
    Duration messageTimeout = settings().messageTimeout();
    if (messageTimeout != null && messageStartNanos != 0
        && now - messageStartNanos >= messageTimeout.toNanos()) {
      closeOnLoop(CloseCode.POLICY_VIOLATION, "message not completed in time",
          new TimeoutException("message not completed within " + messageTimeout.toMillis()
              + " ms"), true);
      return;
    }
    if (pingDeadlineNanos != 0 && now - pingDeadlineNanos >= 0) {
      reportError(new TimeoutException("no answer to a keepalive ping within "
          + settings().pongTimeout().toMillis() + " ms"));
      set(ABORTED_HERE, true);
      channel.abort();
      return;
    }
    long next = Long.MAX_VALUE;
    if (settings().pingInterval() != null) {
      long interval = settings().pingInterval().toNanos();
      if (pingDeadlineNanos == 0 && silent >= interval) {
        protocol.ping(EMPTY_PING);
        pingDeadlineNanos = now + settings().pongTimeout().toNanos();
      }
      next = pingDeadlineNanos != 0 ? pingDeadlineNanos - now : interval - silent;
    }
    if (settings().idleTimeout() != null) {
      next = Math.min(next, settings().idleTimeout().toNanos() - silent);
    }
    if (messageTimeout != null) {
      next = Math.min(next, messageStartNanos != 0
          ? messageStartNanos + messageTimeout.toNanos() - now : messageTimeout.toNanos());
    }
    timer = loop().schedule(this::checkSilence, Math.max(next, 1_000_000L),
        TimeUnit.NANOSECONDS);
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  void startCloseTimer() {
    if (!is(CLOSE_TIMING)) {
      cancelTimer(); // the keepalive check: the connection is closing
      set(CLOSE_TIMING, true);
      timer = loop().schedule(this::closeTimedOut, settings().closeTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  void closeTimedOut() {
    if (channel.isOpen()) {
      reportError(new TimeoutException("closing handshake not completed within "
          + settings().closeTimeout().toMillis() + " ms"));
      channel.abort();
    }
  }
}
