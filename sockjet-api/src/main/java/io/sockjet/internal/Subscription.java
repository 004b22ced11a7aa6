package io.sockjet.internal;

/**
 * One connection's membership of one topic: what the topic's shard on the connection's loop
 * holds, and what the connection keeps to leave again. About 32 bytes, the bulk of what a
 * subscription costs.
 *
 * <p>Threading: {@code connection} and {@code shard} are final; {@code index} and {@code missed}
 * are confined to the connection's loop (the shard's).
 */
final class Subscription {
  final WebSocketConnection connection;
  final TopicShard shard;
  // The position in the shard's array; -1 while not in it (not added yet, or removed).
  int index = -1;
  // Messages of the topic skipped since the subscriber was last told (SlowSubscriberPolicy.skip).
  long missed;

  Subscription(WebSocketConnection connection, TopicShard shard) {
    this.connection = connection;
    this.shard = shard;
  }

  String topic() {
    return shard.topic.name;
  }
}
