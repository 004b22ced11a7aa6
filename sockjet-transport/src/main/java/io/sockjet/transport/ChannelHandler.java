package io.sockjet.transport;

import java.nio.ByteBuffer;

/**
 * Called on the channel's {@link EventLoop}, never concurrently for one channel: the events of
 * one {@link Channel}. One callback may run inside another on the same thread: a {@code write}
 * made in {@code onRead} that takes the queue over the high watermark calls {@code
 * onWritabilityChanged(channel, false)} before it returns.
 *
 * <p>Order: {@code onOpen} first (after the TLS handshake where there is one), then any number of
 * {@code onRead}, {@code onWritabilityChanged} and at most one {@code onInputClosed}, then {@code
 * onClose} exactly once. A channel that fails before {@code onOpen} (connect, TLS handshake)
 * produces no event at all: the client's connect future fails instead, and a server logs it.
 *
 * <p>An exception thrown by a method is logged and closes the channel at once (queued bytes are
 * dropped) with that exception as {@code onClose}'s cause.
 */
public interface ChannelHandler {
  /** The channel is connected (and, under TLS, the handshake has completed). */
  default void onOpen(Channel channel) {}

  /**
   * Bytes arrived (decrypted, under TLS).
   *
   * <p>{@code data} is a view of the loop's shared read buffer, valid only until this method
   * returns: the loop reuses it for the next connection's read. Consume or copy what you need
   * before returning and keep no reference. Position and limit may be changed freely, within the
   * bytes handed over. Bytes left unconsumed (from {@code data}'s position to its limit on return)
   * are dropped, except that up to {@link Channel#unreadCapacity()} bytes are handed back at the
   * start of the next call.
   */
  void onRead(Channel channel, ByteBuffer data);

  /**
   * The peer closed its output (TCP FIN, or a TLS close_notify): no more {@code onRead} will
   * follow. The channel itself stays open for writing (a half-closed connection).
   *
   * <p>The default closes the channel gracefully, so a handler that ignores EOF does not leave
   * half-closed sockets behind; override to keep writing after the peer's EOF.
   */
  default void onInputClosed(Channel channel) {
    channel.close();
  }

  /**
   * The write queue rose above the high watermark ({@code writable} false) or fell to the low
   * watermark or below ({@code writable} true, the "drain" event).
   */
  default void onWritabilityChanged(Channel channel, boolean writable) {}

  /**
   * The channel has closed; called exactly once for a channel that was opened. {@code cause} is
   * null after {@link Channel#close()} or {@link Channel#abort()} by this side, and the error
   * otherwise (an {@link java.io.IOException} from the socket, a timeout, or an exception thrown
   * by this handler).
   */
  default void onClose(Channel channel, Throwable cause) {}
}
