package io.sockjet.internal;

import io.sockjet.WebSocketListener;
import java.util.Arrays;

/**
 * Copy-on-write listener arrays. Registration is rare and dispatch is per message, so a
 * connection keeps its listeners in one volatile array that dispatch reads without allocating,
 * and registration replaces the array instead of writing into it. An array is therefore never
 * modified once published, and one can be shared: the initial array of every connection of a
 * server (or client) is the same object.
 */
public final class ListenerList {
  /** No listeners. */
  static final WebSocketListener[] NONE = new WebSocketListener[0];

  private ListenerList() {}

  /** The initial array for connections whose server or client has {@code first} (null: none). */
  public static WebSocketListener[] of(WebSocketListener first) {
    return first == null ? NONE : new WebSocketListener[] {first};
  }

  /** A new array: {@code current} and then {@code added}. */
  static WebSocketListener[] with(WebSocketListener[] current, WebSocketListener added) {
    WebSocketListener[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = added;
    return next;
  }

  /** {@code current} without the first occurrence of {@code removed}; itself if absent. */
  static WebSocketListener[] without(WebSocketListener[] current, WebSocketListener removed) {
    for (int i = 0; i < current.length; i++) {
      if (current[i] == removed) {
        WebSocketListener[] next = new WebSocketListener[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        return next;
      }
    }
    return current;
  }
}
