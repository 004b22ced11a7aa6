package io.sockjet;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A message broker that carries a server's topics to the other servers of a cluster (see {@link
 * Cluster}): a node-level publish/subscribe client, thread-safe, that never blocks its caller.
 * Sockjet subscribes to a channel per topic that has local subscribers, never per connection.
 * {@code sockjet-redis} implements it on Redis; {@link InProcessBroker} in one JVM, for tests and
 * single-node use.
 *
 * <p>Every implementation must pass the contract suite (the test class {@code BrokerContract}):
 * order per channel with publishers on several nodes, subscribe confirmed before delivery,
 * unsubscribe stopping delivery, large messages, many channels, fast failure while down,
 * resubscription and the {@link BrokerState#UP} report after an outage, and close freeing
 * everything.
 *
 * <p>The operations map onto other brokers as directly as onto Redis. On NATS (jnats), say: start
 * opens a {@code Connection} with a {@code ConnectionListener} turned into {@link
 * BrokerListener#onStateChange} (DISCONNECTED to DOWN, RECONNECTED to UP: jnats resubscribes by
 * itself); publish is {@code connection.publish} then {@code flush} for the acknowledgement, and
 * fails while disconnected when the reconnect buffer is turned off ({@code
 * Options.Builder.reconnectBufferSize(-1)}, the counterpart of refusing commands while down);
 * subscribe is {@code dispatcher.subscribe(subject)} then a flush to confirm; a NATS subject is a
 * channel; one dispatcher thread keeps one order per subject.
 */
public interface Broker extends AutoCloseable {

  /** What a broker does beyond the contract. */
  enum Capability {
    /** Its channels are spread over the shards of a cluster (Redis 7's sharded pub/sub). */
    SHARDED
  }

  /**
   * Connects, in the background, and reports to {@code listener} from then on: {@link
   * BrokerState#UP} once connected. Called once.
   */
  void start(BrokerListener listener);

  /**
   * Publishes {@code message} (its remaining bytes, read before this returns) on {@code channel}.
   * The future completes when the broker has taken the message, and fails at once with {@link
   * BrokerUnavailableException} while the broker is down or closed: a publish is never held back
   * to be replayed after an outage.
   */
  CompletableFuture<Void> publish(String channel, ByteBuffer message);

  /**
   * Adds {@code channel} to this node's interests. The future completes when the broker has
   * confirmed the subscription: messages published after that arrive. Interests last through
   * outages: the broker subscribes them all again when it reconnects.
   */
  CompletableFuture<Void> subscribe(String channel);

  /** Drops {@code channel} from the interests; completes when the broker confirmed it. */
  CompletableFuture<Void> unsubscribe(String channel);

  /** The connection's state now. */
  BrokerState state();

  /** What it does beyond the contract. */
  Set<Capability> capabilities();

  /** Disconnects and frees everything; {@link BrokerState#CLOSED} from then on. Idempotent. */
  @Override
  void close();
}
