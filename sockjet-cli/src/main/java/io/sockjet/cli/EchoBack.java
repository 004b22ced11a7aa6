package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;

/**
 * {@code connect --echo}: sends every received message back unchanged, text as text and binary as
 * binary, the client half of a conformance run. Runs on the connection's event loop.
 *
 * <p>Backpressure: when the peer sends faster than it reads our echoes, reading pauses once more
 * than {@link #PAUSE_ABOVE} bytes wait to be sent and resumes on the drain event, so the queue
 * stays bounded and never reaches the overflow policy.
 */
final class EchoBack implements WebSocketListener {
  /**
   * 1 MiB: above the connection's high-water mark (twice the 64 KiB low-water mark), so a queue
   * this long is sure to produce a drain event when it empties, which resumes reading.
   */
  static final long PAUSE_ABOVE = 1 << 20;

  @Override
  public void onText(WebSocket ws, String text) {
    ws.sendText(text);
    pauseIfBehind(ws);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    ws.sendBinary(data);
    pauseIfBehind(ws);
  }

  @Override
  public void onDrain(WebSocket ws) {
    ws.resumeReading();
  }

  private static void pauseIfBehind(WebSocket ws) {
    if (ws.queuedBytes() > PAUSE_ABOVE) {
      ws.pauseReading();
    }
  }
}
