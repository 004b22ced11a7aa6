package io.sockjet.transport;

/**
 * Not thread-safe; confined to its event loop: what an {@link EventLoop} finds attached to a
 * {@link java.nio.channels.SelectionKey} it registered. Every method runs on the loop thread.
 */
interface Selectable {
  /** The key is ready for the given operations. */
  void onReady(int readyOps);

  /**
   * The loop is shutting down. With {@code force} false, finish gracefully (flush, then close);
   * with {@code force} true, release the channel now.
   */
  void onLoopShutdown(boolean force);

  /**
   * {@link #onReady} threw {@code fault} (an exception, or an error such as an {@code
   * OutOfMemoryError} from this attachment's own allocation): release what it holds, so that one
   * channel's fault never ends the loop its neighbours live on. Must not throw. The default does
   * nothing: for attachments with nothing of a peer's to release (the loop has logged it).
   */
  default void onFault(Throwable fault) {}
}
