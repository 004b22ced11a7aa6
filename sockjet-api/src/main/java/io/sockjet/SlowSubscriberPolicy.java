package io.sockjet;

/**
 * What a topic does with a subscriber whose send queue is over the policy's cap when a message is
 * published: skip it for that message, or close it. Either way memory stays bounded: a subscriber
 * holds at most the cap plus one message. Set per server ({@link
 * WebSocketServer.Builder#slowSubscribers}) and per topic ({@link Topics#policy(String,
 * SlowSubscriberPolicy)}). Immutable.
 *
 * <pre>{@code
 * server.topics().policy("prices", SlowSubscriberPolicy.close(64 * 1024, 1013)); // a feed
 * server.topics().policy("chat", SlowSubscriberPolicy.skip(1024 * 1024));        // a room
 * }</pre>
 *
 * @param maxQueuedBytes the cap: a subscriber with more bytes queued than this is slow
 * @param closeCode 0 to skip a slow subscriber; else the close code it gets (1008 or 1013)
 */
public record SlowSubscriberPolicy(long maxQueuedBytes, int closeCode) {

  /** The default cap: 256 KiB queued, a few round trips of a busy feed. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 256 * 1024;

  /** The default policy: skip a subscriber over 256 KiB and tell it what it missed. */
  public static final SlowSubscriberPolicy DEFAULT = skip(DEFAULT_MAX_QUEUED_BYTES);

  /** Checks the cap and the code. */
  public SlowSubscriberPolicy {
    if (maxQueuedBytes < 0) {
      throw new IllegalArgumentException("maxQueuedBytes must be >= 0: " + maxQueuedBytes);
    }
    if (closeCode != 0 && closeCode != 1008 && closeCode != 1013) {
      throw new IllegalArgumentException(
          "a slow subscriber is closed with 1008 (policy violation) or 1013 (try again later), not "
              + closeCode);
    }
  }

  /**
   * Skips a subscriber over {@code maxQueuedBytes} for the message, counts the skip, and tells
   * its listeners how many messages of the topic it missed ({@link WebSocketListener#onMissed})
   * before the next one it gets, or when its queue drains after passing the high-water mark.
   */
  public static SlowSubscriberPolicy skip(long maxQueuedBytes) {
    return new SlowSubscriberPolicy(maxQueuedBytes, 0);
  }

  /**
   * Closes a subscriber over {@code maxQueuedBytes} with {@code closeCode}: 1008 (policy
   * violation) or 1013 (try again later).
   */
  public static SlowSubscriberPolicy close(long maxQueuedBytes, int closeCode) {
    return new SlowSubscriberPolicy(maxQueuedBytes, closeCode);
  }

  /** Whether a slow subscriber is closed rather than skipped. */
  public boolean closes() {
    return closeCode != 0;
  }
}
