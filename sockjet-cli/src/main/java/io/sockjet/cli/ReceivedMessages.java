package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connect}'s view of what the server sends: hands each message to the output (printed
 * lines or JSON lines), up to a limit ({@code --one-message} prints one), and tells the {@link
 * QuietClose} that the server is still talking. Runs on the connection's event loop.
 */
final class ReceivedMessages implements WebSocketListener {
  private final WebSocketListener output;
  private final QuietClose quiet;
  private final long limit;
  private final AtomicLong count = new AtomicLong();

  /** Passes at most {@code limit} messages to {@code output} (Long.MAX_VALUE: all of them). */
  ReceivedMessages(WebSocketListener output, QuietClose quiet, long limit) {
    this.output = output;
    this.quiet = quiet;
    this.limit = limit;
  }

  @Override
  public void onText(WebSocket ws, String text) {
    if (count.incrementAndGet() <= limit) {
      output.onText(ws, text);
    }
    quiet.received(); // after the output: once told, the close may come at any moment
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    if (count.incrementAndGet() <= limit) {
      output.onBinary(ws, data);
    }
    quiet.received();
  }
}
