package io.sockjet.internal;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;

/**
 * Which listener classes override {@link WebSocketListener#onBinaryBorrowed}, found once per
 * class. Such a listener is lent binary messages in place when it is a connection's only
 * listener on the loop; otherwise it gets a buffer of its own through the same method, and other
 * listeners get {@link WebSocketListener#onBinary}, so no message is copied twice.
 */
final class BorrowingListeners {
  private static final ClassValue<Boolean> BORROWS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("onBinaryBorrowed", WebSocket.class, ByteBuffer.class)
            .getDeclaringClass() != WebSocketListener.class;
      } catch (NoSuchMethodException e) {
        throw new AssertionError("WebSocketListener declares onBinaryBorrowed", e);
      }
    }
  };

  private BorrowingListeners() {}

  /** Whether {@code listener} overrides onBinaryBorrowed. */
  static boolean borrows(WebSocketListener listener) {
    return BORROWS.get(listener.getClass());
  }

  /** Delivers a binary message whose buffer the listener may keep. */
  static void deliverOwned(WebSocketListener listener, WebSocket ws, ByteBuffer data) {
    if (borrows(listener)) {
      listener.onBinaryBorrowed(ws, data);
    } else {
      listener.onBinary(ws, data);
    }
  }
}
