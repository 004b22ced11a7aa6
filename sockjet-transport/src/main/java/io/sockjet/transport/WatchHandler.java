package io.sockjet.transport;

/**
 * Called on the watching {@link EventLoop}'s thread, never concurrently for one {@link Watch}:
 * receives readiness of a channel the user owns.
 */
@FunctionalInterface
public interface WatchHandler {
  /**
   * The watched channel is ready for {@code readyOps} (bits of {@link
   * java.nio.channels.SelectionKey}). The handler should do non-blocking I/O only; an exception
   * is logged and cancels the watch (the channel stays open).
   */
  void onReady(Watch watch, int readyOps);
}
