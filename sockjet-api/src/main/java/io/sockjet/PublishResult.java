package io.sockjet;

/**
 * What one publish to a topic did, counted over the subscribers it found on every event loop:
 * see {@link Topics#publish(String, CharSequence)}.
 *
 * @param delivered subscribers the message was queued or written to
 * @param skipped subscribers that did not get it: over the topic's queue cap under {@link
 *     SlowSubscriberPolicy#skip}, or in the middle of sending a fragmented message of their own;
 *     each is told later through {@link WebSocketListener#onMissed}
 * @param closed subscribers closed for being too slow under {@link SlowSubscriberPolicy#close}
 */
public record PublishResult(int delivered, int skipped, int closed) {

  /** No subscriber: nothing delivered, skipped or closed. */
  public static final PublishResult NONE = new PublishResult(0, 0, 0);
}
