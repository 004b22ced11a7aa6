package io.sockjet;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A listener that queues every whole message it receives, for tests that read replies in order.
 * Unlike {@code nextMessage()}, it sees messages that arrive before a test asks for them.
 * Filled on the connection's loop, drained by the test thread.
 */
final class MessageQueue extends LinkedBlockingQueue<Message> implements WebSocketListener {
  private static final long serialVersionUID = 1L;

  @Override
  public void onText(WebSocket ws, String text) {
    add(new Message.Text(text));
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    add(new Message.Binary(data));
  }
}
