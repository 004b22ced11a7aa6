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
}
