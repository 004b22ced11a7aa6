package io.sockjet.bench.load;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The Sockjet-client side of an echo load: keeps a fixed number of messages in flight on every
 * connection, sending the next one when an echo comes back, checks every echo against what was
 * sent, and records each round trip's latency. Listener callbacks run on the client's event loop;
 * the counters and the recorder may be read from any thread.
 */
final class EchoDriver extends EchoMeter implements WebSocketListener {
  private final EchoPayload payload;
  private volatile boolean sending = true;

  EchoDriver(EchoPayload payload) {
    this.payload = payload;
  }

  /** Puts {@code inFlight} messages in flight on every connection. */
  void start(List<WebSocket> connections, int inFlight) {
    for (WebSocket ws : connections) {
      for (int i = 0; i < inFlight; i++) {
        send(ws);
      }
    }
  }

  @Override
  void stop() {
    sending = false;
  }

  private void send(WebSocket ws) {
    long now = System.nanoTime();
    if (payload.text()) {
      ws.sendText(payload.text(now));
    } else {
      ws.sendBinary(payload.binary(now));
    }
  }

  @Override
  public void onText(WebSocket ws, String text) {
    received(payload.sentAt(text));
    if (sending) {
      ws.sendText(payload.text(System.nanoTime()));
    }
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    received(payload.sentAt(data));
    if (sending) {
      // The buffer is ours (a copy): restamp it and send it back, the filler checked unchanged.
      data.putLong(data.position(), System.nanoTime());
      ws.sendBinary(data);
    }
  }

  private void received(long sentAt) {
    if (sentAt < 0) {
      errors.incrementAndGet();
      return;
    }
    latencies.recordValue(Math.max(0, System.nanoTime() - sentAt));
    echoes.incrementAndGet();
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    if (errors.getAndIncrement() == 0) {
      System.err.println("first connection error: " + error);
    }
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    if (sending && errors.getAndIncrement() == 0) {
      System.err.println("connection closed while sending: " + event);
    }
  }
}
