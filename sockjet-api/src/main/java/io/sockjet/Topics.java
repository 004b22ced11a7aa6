package io.sockjet;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A server's topics: named groups of connections that a message is published to, encoded once
 * for all of them. Connections join and leave with {@link WebSocket#subscribe} and {@link
 * WebSocket#unsubscribe} (and leave every topic when they close); anyone publishes, here or with
 * {@link WebSocket#publish}, which skips the sender. Safe to use from any thread.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder().port(8080)
 *     .listener(new WebSocketListener() {
 *       public void onOpen(WebSocket ws) { ws.subscribe("lobby"); }
 *       public void onText(WebSocket ws, String text) { ws.publish("lobby", text); }
 *     })
 *     .start();
 * server.topics().publish("lobby", "the server says hello");
 * }</pre>
 *
 * <p>Order: every subscriber sees a topic's messages in one order, the order in which the
 * publishes were made, whatever threads made them. A publish costs one task per event loop that
 * has subscribers of the topic, and work in proportion to the topic's subscribers only.
 *
 * <p>Compression: the message is framed once; with permessage-deflate it is compressed once per
 * distinct agreement among subscribers that compress each message alone (no context takeover),
 * while each subscriber that keeps a compression context compresses for itself, as it must.
 *
 * <p>Several servers: with a {@link Cluster}, a topic spans every server on the same broker;
 * publishes go through the broker, and the counts a publish completes with are then this node's
 * only when {@link Cluster#localFirst} delivers here first (else zero: the broker hands the
 * message back, and this node's subscribers get it then).
 *
 * <p>Slow subscribers: a subscriber whose queue is over the topic's cap is skipped or closed as
 * the topic's {@link SlowSubscriberPolicy} says; the connection's own {@link OverflowPolicy}
 * governs its other sends.
 */
public interface Topics {

  /**
   * Publishes a text message to every subscriber of {@code topic}. The future completes when
   * every event loop with subscribers has handed the message to them; with no subscriber, at once
   * with {@link PublishResult#NONE}. In a {@link Cluster} it completes when the broker took the
   * message, and fails with {@link BrokerUnavailableException} at once while the broker is down.
   *
   * @throws IllegalArgumentException if the message is over the server's outgoing message limit
   */
  CompletableFuture<PublishResult> publish(String topic, CharSequence text);

  /**
   * Publishes a binary message made of the buffer's remaining bytes, which are copied before this
   * returns (the position does not move); otherwise as {@link #publish(String, CharSequence)}.
   */
  CompletableFuture<PublishResult> publish(String topic, ByteBuffer data);

  /**
   * Publishes a text message to this server's subscribers of {@code topic} only, even in a
   * {@link Cluster}: for what concerns this node alone (who is connected here, say). On a single
   * node it is {@link #publish(String, CharSequence)}.
   */
  CompletableFuture<PublishResult> publishLocally(String topic, CharSequence text);

  /** The number of connections subscribed to {@code topic} now. */
  int subscribers(String topic);

  /** The topics with at least one subscriber now, in no particular order. */
  List<String> names();

  /** The counters of {@code topic}, or empty if it has no subscriber. */
  Optional<TopicMetrics> metrics(String topic);

  /**
   * Sets the slow-subscriber policy of {@code topic}, kept whether or not the topic has
   * subscribers now; null goes back to the server's default.
   */
  void policy(String topic, SlowSubscriberPolicy policy);

  /** The policy {@code topic} follows: its own, or the server's default. */
  SlowSubscriberPolicy policy(String topic);

  /** Subscriptions over all topics now: the sum of every topic's subscribers. */
  long subscriptions();

  /**
   * Completes when {@code topic}'s messages from other nodes reach this one: at once on a single
   * node, or once the {@link Broker} has confirmed this node's subscription of the topic. A
   * subscriber that must not miss the first message published elsewhere waits for it.
   */
  CompletableFuture<Void> ready(String topic);

  /** The state of the {@link Cluster}'s broker, or empty on a single node. */
  Optional<BrokerState> brokerState();
}
