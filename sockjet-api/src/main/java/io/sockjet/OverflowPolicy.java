package io.sockjet;

/**
 * What a connection does when a send would take its queued bytes over the cap (a slow consumer).
 * Either way memory stays bounded: nothing is queued past the cap.
 */
public enum OverflowPolicy {
  /** Refuse the message ({@link SendResult#REFUSED}); the connection stays open. */
  REFUSE,
  /**
   * Refuse the message and close the connection with 1008 (policy violation): a consumer that
   * cannot keep up is told so, rather than silently missing messages. The default.
   */
  CLOSE
}
