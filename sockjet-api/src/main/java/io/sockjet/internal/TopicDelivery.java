package io.sockjet.internal;

import io.sockjet.SlowSubscriberPolicy;

/**
 * One publish on one loop: a task that walks the topic's subscribers there and hands each the
 * shared frames under the topic's slow-subscriber policy. Runs on the shard's loop; a fault in
 * one subscriber closes that subscriber (1011) and the walk goes on.
 */
final class TopicDelivery implements Runnable {
  private final TopicShard shard;
  private final MessageFrames frames;
  private final WebSocketConnection skip; // the publisher, with WebSocket.publish; else null
  private final SlowSubscriberPolicy policy;
  private final PublishTally tally;

  TopicDelivery(TopicShard shard, MessageFrames frames, WebSocketConnection skip,
      SlowSubscriberPolicy policy, PublishTally tally) {
    this.shard = shard;
    this.frames = frames;
    this.skip = skip;
    this.policy = policy;
    this.tally = tally;
  }

  @Override
  public void run() {
    int delivered = 0;
    int skipped = 0;
    int closed = 0;
    // The array does not change during the walk: adds and removes are tasks of this loop too.
    for (int i = 0, n = shard.size(); i < n; i++) {
      Subscription s = shard.get(i);
      WebSocketConnection c = s.connection;
      if (c == skip) {
        continue;
      }
      SendPath.Delivery d;
      try {
        d = c.deliver(s, frames, policy);
      } catch (RuntimeException | Error e) {
        c.fault(e);
        d = SendPath.Delivery.GONE;
      }
      switch (d) {
        case DELIVERED -> delivered++;
        case SKIPPED -> skipped++;
        case CLOSED -> closed++;
        case GONE -> { } // closing or closed: it leaves the topic on its own
      }
    }
    shard.topic.counted(delivered, skipped, closed);
    tally.add(delivered, skipped, closed);
  }
}
