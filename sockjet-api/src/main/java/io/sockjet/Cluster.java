package io.sockjet;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server's topics span several servers through a {@link Broker}: a message published on any
 * node reaches the topic's subscribers on every node. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder().port(8080)
 *     .cluster(Cluster.over(RedisBroker.connect("redis://127.0.0.1:6379")))
 *     .start();
 * }</pre>
 *
 * <p>What travels: a node subscribes to a topic's channel when the topic gets its first local
 * subscriber, and unsubscribes a short while ({@link #linger}) after the last one leaves, so the
 * broker sees nodes, never connections. A message goes once to the broker, in a small binary
 * envelope (text or binary, the origin node, a sequence number per node and topic), and is framed
 * once per node for all its local subscribers.
 *
 * <p>Order: by default a node's own publishes come back through the broker before its local
 * subscribers get them, so every subscriber on every node sees a topic's messages in the broker's
 * one order. {@link #localFirst} delivers locally at once instead and drops the node's own echo:
 * faster for local subscribers, but two nodes publishing at once may then be seen in different
 * orders on different nodes.
 *
 * <p>Loss: nothing is dropped silently. While the broker is down, publishes fail at once ({@link
 * BrokerUnavailableException}); when it comes back, every local subscriber of every topic hears
 * {@link WebSocketListener#onMissed} with an unknown count. A sequence gap from a node, and a
 * message dropped because the loops are over {@link #maxPendingBytes} behind the broker, are told
 * the same way, with their counts.
 *
 * <p>The server takes over the broker: it starts it, and closes it when the server stops.
 */
public final class Cluster {
  /** How long a node keeps a topic's channel after its last local subscriber left. */
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(2);

  /** What messages from the broker may hold while they wait for the loops: 64 MiB. */
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;

  private final Broker broker;
  private final boolean localFirst;
  private final Duration linger;
  private final String channelPrefix;
  private final long maxPendingBytes;

  private Cluster(Broker broker, boolean localFirst, Duration linger, String channelPrefix,
      long maxPendingBytes) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.localFirst = localFirst;
    this.linger = Objects.requireNonNull(linger, "linger");
    this.channelPrefix = Objects.requireNonNull(channelPrefix, "channelPrefix");
    if (linger.isNegative() || maxPendingBytes <= 0) {
      throw new IllegalArgumentException("need linger >= 0 and maxPendingBytes > 0");
    }
    this.maxPendingBytes = maxPendingBytes;
  }

  /** Topics spanning the nodes that share {@code broker}'s medium, with the defaults. */
  public static Cluster over(Broker broker) {
    return new Cluster(broker, false, DEFAULT_LINGER, "sockjet:", DEFAULT_MAX_PENDING_BYTES);
  }

  /** Delivers a node's own publishes locally at once and drops their echo; see the class. */
  public Cluster localFirst(boolean on) {
    return new Cluster(broker, on, linger, channelPrefix, maxPendingBytes);
  }

  /** How long a topic's channel is kept after its last local subscriber left (default 2 s). */
  public Cluster linger(Duration linger) {
    return new Cluster(broker, localFirst, linger, channelPrefix, maxPendingBytes);
  }

  /**
   * What precedes a topic's name in its channel's (default {@code "sockjet:"}), so that several
   * applications can share one broker.
   */
  public Cluster channelPrefix(String prefix) {
    return new Cluster(broker, localFirst, linger, prefix, maxPendingBytes);
  }

  /**
   * Bounds the bytes of messages taken from the broker and not yet handed to every local
   * subscriber (default 64 MiB). Past it a message is dropped and its topic's subscribers are told
   * they missed it, rather than letting the broker's reader fall behind.
   */
  public Cluster maxPendingBytes(long bytes) {
    return new Cluster(broker, localFirst, linger, channelPrefix, bytes);
  }

  /** The broker. */
  public Broker broker() {
    return broker;
  }

  /** Whether own publishes are delivered locally first. */
  public boolean isLocalFirst() {
    return localFirst;
  }

  /** The linger. */
  public Duration linger() {
    return linger;
  }

  /** The channel prefix. */
  public String channelPrefix() {
    return channelPrefix;
  }

  /** The bound on messages waiting for the loops. */
  public long maxPendingBytes() {
    return maxPendingBytes;
  }
}
