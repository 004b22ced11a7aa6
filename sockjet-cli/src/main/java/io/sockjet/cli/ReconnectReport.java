package io.sockjet.cli;

import io.sockjet.ReconnectListener;
import io.sockjet.WebSocket;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * {@code connect --reconnect}: says on stderr, one line each, when a connection attempt failed
 * and when the next one comes, and when a connection is open again. Called on the client's event
 * loops, one event at a time.
 */
final class ReconnectReport implements ReconnectListener {
  private final URI url;
  private final Duration connectTimeout;
  private final PrintStream err;
  private volatile boolean reconnecting;
  private volatile boolean gaveUp;

  /** Reports on {@code err} about connecting to {@code url}. */
  ReconnectReport(URI url, Duration connectTimeout, PrintStream err) {
    this.url = url;
    this.connectTimeout = connectTimeout;
    this.err = err;
  }

  @Override
  public void onReconnecting(int attempt, Duration delay, Throwable cause) {
    reconnecting = true;
    String why = cause == null ? "sockjet: connection ended"
        : ConnectFailure.describe(url, cause, connectTimeout);
    err.println(why + "; connecting again in " + TimeSpan.format(delay) + " (attempt " + attempt
        + ")");
  }

  @Override
  public void onConnected(WebSocket ws) {
    if (reconnecting) {
      err.println("sockjet: connected to " + url + " again");
    }
  }

  @Override
  public void onGaveUp(int attempts, Throwable cause) {
    gaveUp = true;
  }

  /** Whether the attempts ran out (the exit status then says the connection failed). */
  boolean gaveUp() {
    return gaveUp;
  }
}
