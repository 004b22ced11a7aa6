package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;

/**
 * {@code sockjet serve --echo}: every text and binary message goes back to its sender unchanged,
 * on any path. Stateless; its callbacks run on the connections' event loops.
 */
final class EchoMode implements ServeMode, WebSocketListener {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public WebSocketListener listener() {
    return this;
  }

  @Override
  public void onText(WebSocket ws, String text) {
    ws.sendText(text);
    ConnectionStats.sent(ws);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    ws.sendBinary(data);
    ConnectionStats.sent(ws);
  }
}
