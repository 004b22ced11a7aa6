package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code connect}'s listener on every connection its client makes (the first, and with {@code
 * --reconnect} each later one): keeps the last error for the exit report, hands pongs to the
 * {@link PingTimer} if any, and with {@code --reconnect} reports each close as it happens, since
 * the command goes on after it. Runs on the connection's event loop.
 */
final class ConnectionEvents implements WebSocketListener {
  private final AtomicReference<Throwable> lastError = new AtomicReference<>();
  private final PrintStream closesTo; // null: the command reports the one close itself
  private volatile PingTimer pings;

  /** Reports every close on {@code closesTo}, or none when it is null. */
  ConnectionEvents(PrintStream closesTo) {
    this.closesTo = closesTo;
  }

  /** From now on, pongs go to {@code timer}. */
  void pingsFrom(PingTimer timer) {
    this.pings = timer;
  }

  /** The last error a connection reported, or null. */
  Throwable lastError() {
    return lastError.get();
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    lastError.set(error);
  }

  @Override
  public void onPong(WebSocket ws, ByteBuffer payload) {
    PingTimer timer = pings;
    if (timer != null) {
      timer.pong(payload);
    }
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    if (closesTo != null) {
      CloseReport.report(event, lastError.getAndSet(null), true, closesTo);
    }
  }
}
