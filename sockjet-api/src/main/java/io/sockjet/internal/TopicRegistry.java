package io.sockjet.internal;

import io.sockjet.BrokerState;
import io.sockjet.PublishResult;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.TopicMetrics;
import io.sockjet.Topics;
import io.sockjet.protocol.text.Utf8Encoder;
import io.sockjet.transport.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server's {@link Topics}: the topics by name, the slow-subscriber policies, and the way in for
 * a connection's subscribe, unsubscribe, publish and close. Thread-safe. A topic is in the map
 * while it has subscribers (see {@link Topic} for how a removal races with a subscribe).
 */
public final class TopicRegistry implements Topics {
  /** A topic name's most chars: names are keys, not payloads. */
  static final int MAX_NAME_LENGTH = 1024;

  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SlowSubscriberPolicy> policies =
      new ConcurrentHashMap<>();
  private final SlowSubscriberPolicy defaultPolicy;
  private final List<EventLoop> loops;
  private final ServerCompression compression; // null when permessage-deflate is off
  private final long maxMessage;
  private final AtomicLong subscriptions = new AtomicLong();
  private volatile ClusterBridge cluster; // null for a single node; set before the server starts

  public TopicRegistry(List<EventLoop> loops, ServerCompression compression, long maxMessage,
      SlowSubscriberPolicy defaultPolicy) {
    this.loops = List.copyOf(loops);
    this.compression = compression;
    this.maxMessage = maxMessage;
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
  }

  /** Spans the topics over a broker's nodes; before any connection exists. */
  public void attach(ClusterBridge bridge) {
    this.cluster = bridge;
  }

  // ---------------------------------------------------------------- Topics

  @Override
  public CompletableFuture<PublishResult> publish(String topic, CharSequence text) {
    return publish(topic, text, null);
  }

  @Override
  public CompletableFuture<PublishResult> publish(String topic, ByteBuffer data) {
    return publish(topic, data, null);
  }

  @Override
  public CompletableFuture<PublishResult> publishLocally(String topic, CharSequence text) {
    requireName(topic);
    ByteBuffer utf8 = ByteBuffer.wrap(Utf8Encoder.encode(Objects.requireNonNull(text, "text")));
    requireSendable(utf8.remaining());
    return deliverLocally(topic, true, utf8, null);
  }

  @Override
  public int subscribers(String topic) {
    Topic t = topics.get(requireName(topic));
    return t == null ? 0 : t.subscribers();
  }

  @Override
  public List<String> names() {
    return new ArrayList<>(topics.keySet());
  }

  @Override
  public Optional<TopicMetrics> metrics(String topic) {
    Topic t = topics.get(requireName(topic));
    return t == null ? Optional.empty() : Optional.of(t.metrics());
  }

  @Override
  public void policy(String topic, SlowSubscriberPolicy policy) {
    if (policy == null) {
      policies.remove(requireName(topic));
    } else {
      policies.put(requireName(topic), policy);
    }
  }

  @Override
  public SlowSubscriberPolicy policy(String topic) {
    return policies.getOrDefault(requireName(topic), defaultPolicy);
  }

  @Override
  public long subscriptions() {
    return subscriptions.get();
  }

  @Override
  public CompletableFuture<Void> ready(String topic) {
    ClusterBridge c = cluster;
    return c == null ? CompletableFuture.completedFuture(null) : c.ready(requireName(topic));
  }

  @Override
  public Optional<BrokerState> brokerState() {
    ClusterBridge c = cluster;
    return c == null ? Optional.empty() : Optional.of(c.state());
  }

  // ---------------------------------------------------------------- for connections

  /** {@code text} to {@code topic}'s subscribers but {@code skip} (null for none). */
  CompletableFuture<PublishResult> publish(String topic, CharSequence text,
      WebSocketConnection skip) {
    requireName(topic);
    Objects.requireNonNull(text, "text");
    ByteBuffer utf8 = ByteBuffer.wrap(Utf8Encoder.encode(text));
    return publish(topic, true, utf8, skip);
  }

  /** {@code data}'s remaining bytes (copied, not moved) to the subscribers but {@code skip}. */
  CompletableFuture<PublishResult> publish(String topic, ByteBuffer data,
      WebSocketConnection skip) {
    requireName(topic);
    return publish(topic, false, Objects.requireNonNull(data, "data"), skip);
  }

  private CompletableFuture<PublishResult> publish(String topic, boolean text, ByteBuffer payload,
      WebSocketConnection skip) {
    requireSendable(payload.remaining());
    ClusterBridge c = cluster;
    return c != null ? c.publish(topic, text, payload, skip)
        : deliverLocally(topic, text, payload, skip);
  }

  /**
   * Sends a message to this node's subscribers of {@code topic} but {@code skip}: a publish on a
   * single node, or one the cluster brought. {@code payload} is read (framed) before this returns.
   */
  CompletableFuture<PublishResult> deliverLocally(String topic, boolean text, ByteBuffer payload,
      WebSocketConnection skip) {
    Topic t = topics.get(topic);
    if (t == null) {
      return CompletableFuture.completedFuture(PublishResult.NONE);
    }
    // Framed before the topic's lock is taken: the lock orders publishes, it does not encode.
    MessageFrames frames = new MessageFrames(text, payload, compression);
    return t.publish(frames, skip, policy(topic));
  }

  private void requireSendable(int size) {
    if (size > maxMessage) {
      throw new IllegalArgumentException("message of " + size
          + " bytes exceeds the outgoing limit of " + maxMessage);
    }
  }

  /** Tells every local subscriber of {@code topic} that it missed {@code count} messages. */
  void tellMissed(String topic, long count) {
    Topic t = topics.get(topic);
    if (t != null) {
      t.tellMissed(count);
    }
  }

  /** Tells every local subscriber of every topic that it missed {@code count} messages. */
  void tellMissedAll(long count) {
    for (Topic t : topics.values()) {
      t.tellMissed(count);
    }
  }

  boolean hasTopic(String topic) {
    return topics.containsKey(topic);
  }

  /** Subscribes {@code c}; false if it was already, or is closed. Any thread. */
  boolean subscribe(WebSocketConnection c, String topic, Memberships memberships) {
    requireName(topic);
    int loop = loops.indexOf(c.loop());
    if (loop < 0) {
      throw new IllegalStateException(c + " is not on one of this server's loops");
    }
    while (true) {
      Topic t = topics.get(topic);
      if (t == null) {
        Topic made = new Topic(topic, this, loops);
        t = topics.putIfAbsent(topic, made);
        if (t == null) {
          t = made;
          ClusterBridge bridge = cluster;
          if (bridge != null) {
            bridge.topicCreated(topic); // the node's interest, before anyone can publish to it
          }
        }
      }
      Boolean joined = t.join(c, memberships, loop);
      if (joined != null) {
        return joined;
      }
      // That topic emptied and went between the lookup and the join: a new one is made.
    }
  }

  /** Unsubscribes {@code c}; false if it was not subscribed. Any thread. */
  boolean unsubscribe(String topic, Memberships memberships) {
    Subscription s = memberships.remove(requireName(topic));
    if (s == null) {
      return false;
    }
    s.shard.topic.leave(s);
    return true;
  }

  /** A connection closed: it leaves every topic, and subscribes no more. Any thread. */
  void leaveAll(Memberships memberships) {
    for (Subscription s : memberships.close()) {
      s.shard.topic.leave(s);
    }
  }

  void subscriptionsChanged(int delta) {
    subscriptions.addAndGet(delta);
  }

  /** The topic emptied: it goes from the map (unless a new one of that name took its place). */
  void forget(Topic topic) {
    if (topics.remove(topic.name, topic)) {
      ClusterBridge bridge = cluster;
      if (bridge != null) {
        bridge.topicRemoved(topic.name);
      }
    }
  }

  private static String requireName(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty() || topic.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a topic name has 1 to " + MAX_NAME_LENGTH + " chars, not " + topic.length());
    }
    return topic;
  }
}
