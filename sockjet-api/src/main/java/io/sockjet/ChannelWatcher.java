package io.sockjet;

/**
 * Receives readiness of a channel the user owns, watched with {@link WebSocketServer#watch}.
 * Called on the watch's event loop thread, never concurrently for one {@link ChannelWatch}.
 *
 * <pre>{@code
 * server.watch(pipe.source(), SelectionKey.OP_READ, (watch, readyOps) -> {
 *   int n = pipe.source().read(buffer); // non-blocking: the loop serves connections too
 *   if (n < 0) {
 *     watch.cancel();
 *   }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ChannelWatcher {
  /**
   * The watched channel is ready for {@code readyOps} (bits of {@link
   * java.nio.channels.SelectionKey}). Do non-blocking I/O only: a blocked loop stalls every
   * connection on it. An exception thrown here is logged and cancels the watch; the channel
   * stays open.
   */
  void onReady(ChannelWatch watch, int readyOps);
}
