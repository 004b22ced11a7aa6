package io.sockjet;

/** What happened to a message handed to a {@link WebSocket} send method. */
public enum SendResult {
  /** The whole frame went to the socket during the call (only possible on the connection's loop). */
  WRITTEN,
  /**
   * The message was accepted and waits in the connection's queue (always the case for calls made
   * off the connection's loop): it will be written in order unless the connection fails first.
   */
  QUEUED,
  /**
   * The message was not accepted: the connection is closing or closed, or its send queue is over
   * its cap and the {@link OverflowPolicy} dropped it (or closed the connection).
   */
  REFUSED
}
