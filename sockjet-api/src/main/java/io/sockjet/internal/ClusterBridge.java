package io.sockjet.internal;

import io.sockjet.Broker;
import io.sockjet.BrokerListener;
import io.sockjet.BrokerState;
import io.sockjet.Cluster;
import io.sockjet.PublishResult;
import io.sockjet.WebSocketListener;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.Logging;
import io.sockjet.transport.TimerHandle;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's link between its topics and a {@link Broker} (see {@link Cluster} for what it
 * promises): it subscribes a topic's channel while the topic has local subscribers (and a linger
 * after), sends publishes through the broker in an {@link Envelope}, and hands what the broker
 * delivers to the local topics, checking each origin's sequence and bounding what waits for the
 * loops. Every loss it can see becomes an {@code onMissed} for the topic's subscribers.
 *
 * <p>Threading: the broker calls {@link #onMessage} and {@link #onStateChange} one at a time, each
 * finished before the next (see {@link BrokerListener}); both only hand work on. Interests are guarded by this object's lock; the
 * other maps are concurrent.
 */
public final class ClusterBridge implements BrokerListener {
  private static final System.Logger LOG = System.getLogger(ClusterBridge.class.getName());

  private final Broker broker;
  private final Cluster cluster;
  private final TopicRegistry registry;
  private final EventLoop timers; // runs the lingers
  private final long nodeId = ThreadLocalRandom.current().nextLong();
  // This node's publishes so far, per topic (the envelope's sequence). A topic's entry is dropped
  // once idle for SEQUENCE_IDLE_NANOS while more than MAX_SEQUENCES are kept; its next publish
  // starts again at 1, which receivers take as a fresh start.
  private final ConcurrentHashMap<String, Sequence> sequences = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
  // The last sequence seen per channel and origin; read and written by the broker's calls only,
  // removed from elsewhere (a channel dropped). Cleared when the broker goes down: what arrives
  // after that starts afresh rather than counting a false gap against the time before.
  private final ConcurrentHashMap<String, Map<Long, Long>> lastSeen = new ConcurrentHashMap<>();
  // Own publishes (ordered mode) that skip their sender when they come back: topic and sequence.
  private final ConcurrentHashMap<SkipKey, WebSocketConnection> skips = new ConcurrentHashMap<>();
  private final Map<String, Interest> interests = new HashMap<>(); // guarded by this
  private final AtomicLong pendingBytes = new AtomicLong();
  // Whether the broker went down after having been up: its coming back is then a gap. Broker calls.
  private boolean lostSinceUp;
  private boolean wasUp;

  private record SkipKey(String topic, long sequence) {}

  /** Topics with a sequence kept before idle ones are dropped, and how idle they must be. */
  static final int MAX_SEQUENCES = 100_000;
  static final long SEQUENCE_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
  /** Own publishes waiting for their echo to skip their sender; past this, all are forgotten. */
  static final int MAX_SKIPS = 65_536;

  /**
   * A topic's count of this node's publishes. Its lock is held from taking a number to handing
   * the message to the broker, so the broker gets one node's messages of a topic in the order of
   * their numbers (two publishers on two loops would otherwise race, and a receiver would drop
   * the one that arrived second as old).
   */
  private static final class Sequence {
    long last; // guarded by this
    volatile long lastUsed = System.nanoTime();
  }

  /** A topic's channel: subscribed (or being), and lingering after its last local subscriber. */
  private static final class Interest {
    CompletableFuture<Void> subscribed;
    TimerHandle linger;
  }

  public ClusterBridge(Cluster cluster, TopicRegistry registry, EventLoop timers) {
    this.broker = cluster.broker();
    this.cluster = cluster;
    this.registry = registry;
    this.timers = timers;
  }

  /** Starts the broker, reporting to this bridge. */
  public void start() {
    broker.start(this);
  }

  /** Closes the broker. */
  public void close() {
    broker.close();
  }

  public BrokerState state() {
    return broker.state();
  }

  private String channel(String topic) {
    return cluster.channelPrefix() + topic;
  }

  // ---------------------------------------------------------------- publishing

  /**
   * Sends a message to the topic's subscribers on every node. Ordered: through the broker only,
   * local subscribers getting it when it comes back. Local first: to the local subscribers now,
   * and to the broker. Fails with the broker's exception if the broker does not take it.
   */
  CompletableFuture<PublishResult> publish(String topic, boolean text, ByteBuffer payload,
      WebSocketConnection skip) {
    if (cluster.isLocalFirst()) {
      CompletableFuture<PublishResult> local = registry.deliverLocally(topic, text, payload, skip);
      return send(topic, text, payload, null).taken().thenCompose(v -> local);
    }
    // The sender is skipped when the message comes back, which it does only if the node keeps
    // the topic's channel: if the sender is not a subscriber there is nothing to skip.
    WebSocketConnection skipped = skip != null && skip.isSubscribed(topic) ? skip : null;
    Sent sent = send(topic, text, payload, skipped);
    return sent.taken().handle((v, e) -> {
      if (e != null) {
        if (skipped != null) {
          skips.remove(new SkipKey(topic, sent.number()));
        }
        throw e instanceof CompletionException ce ? ce : new CompletionException(e);
      }
      return PublishResult.NONE; // delivered here when the broker hands it back
    });
  }

  /** A message handed to the broker: its number, and the broker's answer. */
  private record Sent(long number, CompletableFuture<Void> taken) {}

  /**
   * Numbers the message and hands it to the broker, both under the topic's sequence lock, and
   * first records {@code skipped} (null for none) to be skipped when the message comes back.
   */
  private Sent send(String topic, boolean text, ByteBuffer payload, WebSocketConnection skipped) {
    Sequence seq = sequences.computeIfAbsent(topic, t -> new Sequence());
    Sent sent;
    synchronized (seq) {
      long number = ++seq.last;
      seq.lastUsed = System.nanoTime();
      if (skipped != null) {
        if (skips.size() >= MAX_SKIPS) {
          skips.clear(); // echoes that never came (a topic dropped meanwhile): bounded, not kept
        }
        skips.put(new SkipKey(topic, number), skipped);
      }
      sent = new Sent(number, broker.publish(channel(topic),
          new Envelope(text, nodeId, number, payload).encode()));
    }
    sweepSequences();
    return sent;
  }

  /** Drops idle topics' sequences once there are many; at most once a minute. */
  private void sweepSequences() {
    long now = System.nanoTime();
    long last = lastSweep.get();
    if (sequences.size() <= MAX_SEQUENCES || now - last < TimeUnit.MINUTES.toNanos(1)
        || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    sequences.values().removeIf(s -> now - s.lastUsed > SEQUENCE_IDLE_NANOS);
  }

  // ---------------------------------------------------------------- interest

  /** A topic got its first local subscriber: its channel is (still) subscribed. Any thread. */
  synchronized void topicCreated(String topic) {
    Interest i = interests.get(topic);
    if (i != null) {
      if (i.linger != null) {
        i.linger.cancel();
        i.linger = null;
      }
      return;
    }
    i = new Interest();
    i.subscribed = broker.subscribe(channel(topic));
    interests.put(topic, i);
  }

  /** A topic's last local subscriber left: its channel goes after the linger. Any thread. */
  synchronized void topicRemoved(String topic) {
    Interest i = interests.get(topic);
    if (i == null || i.linger != null) {
      return;
    }
    try {
      i.linger = timers.schedule(() -> lingerEnded(topic, i), cluster.linger().toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The server is stopping: its broker closes, subscriptions and all.
    }
  }

  private void lingerEnded(String topic, Interest i) {
    synchronized (this) {
      if (interests.get(topic) != i || i.linger == null) {
        return; // a subscriber came back meanwhile
      }
      if (registry.hasTopic(topic)) {
        i.linger = null; // one did, and its news is on its way here
        return;
      }
      interests.remove(topic);
    }
    broker.unsubscribe(channel(topic));
    lastSeen.remove(channel(topic));
  }

  /** Completes when the topic's channel is subscribed on the broker (at once if none is kept). */
  synchronized CompletableFuture<Void> ready(String topic) {
    Interest i = interests.get(topic);
    return i == null ? CompletableFuture.completedFuture(null) : i.subscribed.copy();
  }

  // ---------------------------------------------------------------- BrokerListener

  @Override
  public void onMessage(String channel, ByteBuffer message) {
    String prefix = cluster.channelPrefix();
    if (!channel.startsWith(prefix)) {
      return; // not a topic's (a broker's own probe, another application's)
    }
    String topic = channel.substring(prefix.length());
    Envelope e;
    try {
      e = Envelope.decode(message);
    } catch (IllegalArgumentException bad) {
      Logging.log(LOG, System.Logger.Level.WARNING, "dropped a malformed message on " + channel, bad);
      return;
    }
    WebSocketConnection skip = null;
    if (e.origin() == nodeId) {
      if (cluster.isLocalFirst()) {
        return; // delivered here when published
      }
      skip = skips.remove(new SkipKey(topic, e.sequence()));
    }
    long gap = gap(channel, e.origin(), e.sequence());
    if (gap < 0) {
      return; // a duplicate
    }
    if (gap > 0) {
      registry.tellMissed(topic, gap);
    }
    int size = e.payload().remaining();
    if (pendingBytes.get() + size > cluster.maxPendingBytes()) {
      // The loops are this far behind: dropping here, and saying so, keeps the broker's reader
      // (and the node's place on the broker) safe.
      registry.tellMissed(topic, 1);
      return;
    }
    pendingBytes.addAndGet(size);
    registry.deliverLocally(topic, e.text(), e.payload(), skip)
        .whenComplete((r, x) -> pendingBytes.addAndGet(-size));
  }

  /**
   * Messages missed from {@code origin} on {@code channel} before this one: 0 in order (or the
   * first seen), more after a gap, -1 for a duplicate or an old one. Broker thread.
   */
  private long gap(String channel, long origin, long sequence) {
    Map<Long, Long> seen = lastSeen.computeIfAbsent(channel, c -> new HashMap<>());
    Long last = seen.get(origin);
    if (last != null && sequence <= last && sequence != 1) {
      // The origin numbers a topic's messages in the order it hands them to the broker, and the
      // broker keeps that order: this one was delivered twice. (1 is a fresh start: the origin
      // dropped the topic's count after a long silence.)
      Logging.log(LOG, System.Logger.Level.DEBUG,
          "dropped a duplicate on " + channel + " from " + origin + ": " + sequence, null);
      return -1;
    }
    seen.put(origin, sequence);
    return last == null || sequence == 1 ? 0 : sequence - last - 1;
  }

  @Override
  public void onStateChange(BrokerState state) {
    switch (state) {
      case DOWN -> {
        lostSinceUp = wasUp;
        lastSeen.clear();
        Logging.log(LOG, System.Logger.Level.WARNING,
            "broker down: topic publishes fail until it is back", null);
      }
      case UP -> {
        wasUp = true;
        if (lostSinceUp) {
          lostSinceUp = false;
          // Whatever was published meanwhile is lost: every local subscriber is told.
          lastSeen.clear();
          skips.clear();
          registry.tellMissedAll(WebSocketListener.UNKNOWN_COUNT);
        }
      }
      case CLOSED -> { } // the server is stopping
    }
  }
}
