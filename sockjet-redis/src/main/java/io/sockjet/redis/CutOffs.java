package io.sockjet.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tells Redis cutting the node off from a plain outage. Redis closes a subscriber whose output
 * buffer passes {@code client-output-buffer-limit pubsub} (by default 32 MB at once, or 8 MB for
 * 60 s), dropping what the buffer held; the node sees only its connection closing. So when the
 * subscribing connection is lost while the node did not drop it, this asks Redis over the other
 * connection: if it answers, the server is up and closed the subscriber itself, which is logged
 * once, with counts, as the likely cut-off it is.
 */
final class CutOffs {
  private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

  private final String clientName;
  private final LongAdder count = new LongAdder();

  CutOffs(String clientName) {
    this.clientName = clientName;
  }

  /**
   * The subscribing connection was lost, after {@code messages} messages of {@code bytes} bytes
   * had arrived on it.
   */
  void subscriberLost(StatefulRedisConnection<String, ByteBuffer> publisher, long messages,
      long bytes) {
    if (publisher == null || !publisher.isOpen()) {
      return; // both gone: Redis is down or unreachable
    }
    publisher.async().ping().whenComplete((pong, e) -> {
      if (e != null) {
        return; // Redis does not answer either: an outage
      }
      count.increment();
      LOG.log(System.Logger.Level.WARNING, "Redis closed the subscription connection "
          + clientName + "-sub while it stayed up: most likely its output buffer passed "
          + "client-output-buffer-limit pubsub because this node read too slowly. "
          + messages + " messages (" + bytes + " bytes) had arrived on that connection; what "
          + "Redis still held for it is lost, and subscribers hear onMissed once it is back. "
          + "Cut-offs of this node so far: " + count.sum());
    });
  }

  /** How many times Redis closed the subscriber while it stayed up. */
  long count() {
    return count.sum();
  }
}
