package io.sockjet;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The listeners of one connection. Copy-on-write: registration is rare, dispatch is per message,
 * so dispatch reads one volatile array and allocates nothing. Safe from any thread.
 */
final class ListenerList {
  private static final WebSocketListener[] NONE = new WebSocketListener[0];

  private volatile WebSocketListener[] listeners = NONE;

  ListenerList(WebSocketListener first) {
    if (first != null) {
      listeners = new WebSocketListener[] {first};
    }
  }

  synchronized Registration add(WebSocketListener listener) {
    WebSocketListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
    return () -> remove(listener);
  }

  private synchronized void remove(WebSocketListener listener) {
    WebSocketListener[] current = listeners;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == listener) {
        WebSocketListener[] next = new WebSocketListener[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        listeners = next;
        return;
      }
    }
  }

  /**
   * The listeners registered now, in registration order. The array is shared and never
   * modified (registration replaces it): callers read it and must not write to it.
   */
  WebSocketListener[] snapshot() {
    return listeners;
  }

  /** Calls {@code event} for each listener registered now, in registration order. */
  void forEach(Consumer<WebSocketListener> event) {
    for (WebSocketListener l : listeners) {
      event.accept(l);
    }
  }
}
