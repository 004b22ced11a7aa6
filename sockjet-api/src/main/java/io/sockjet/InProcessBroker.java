package io.sockjet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Broker} inside one JVM: the nodes of one {@link Bus} are servers of one process (tests
 * of a cluster, or a single node that wants the cluster's code path). It keeps the contract a
 * network broker keeps, outages included: {@link Bus#outage} takes every node down as a lost
 * connection would, and {@link Bus#restore} brings them back, resubscribed.
 *
 * <pre>{@code
 * InProcessBroker.Bus bus = new InProcessBroker.Bus();
 * WebSocketServer a = WebSocketServer.builder().cluster(Cluster.over(bus.node())).start();
 * WebSocketServer b = WebSocketServer.builder().cluster(Cluster.over(bus.node())).start();
 * }</pre>
 *
 * <p>Threading: each node reports on a thread of its own, in the order the bus took the
 * messages; the bus orders publishes under its lock, so every node sees one order per channel.
 */
public final class InProcessBroker implements Broker {

  /** The shared medium of some nodes: a channel's subscribers, and whether it is up. */
  public static final class Bus {
    private final Map<String, Set<InProcessBroker>> channels = new HashMap<>(); // guarded by this
    private final List<InProcessBroker> nodes = new ArrayList<>(); // guarded by this
    private boolean down; // guarded by this

    /** A bus with no nodes yet, up. */
    public Bus() {}

    /** A new node on this bus. */
    public InProcessBroker node() {
      InProcessBroker node = new InProcessBroker(this);
      synchronized (this) {
        nodes.add(node);
      }
      return node;
    }

    /**
     * Simulates an outage: every node goes {@link BrokerState#DOWN}, every subscription is lost,
     * and publishes fail until {@link #restore}.
     */
    public void outage() {
      List<InProcessBroker> all;
      synchronized (this) {
        down = true;
        channels.clear();
        all = List.copyOf(nodes);
      }
      all.forEach(n -> n.report(BrokerState.DOWN));
    }

    /** Ends an outage: every node subscribes its interests again, then reports {@code UP}. */
    public void restore() {
      List<InProcessBroker> all;
      synchronized (this) {
        down = false;
        all = List.copyOf(nodes);
      }
      all.forEach(InProcessBroker::resubscribe);
    }

    /** Fans one message out; under the lock, so every node gets one order per channel. */
    private synchronized boolean publish(String channel, byte[] message) {
      if (down) {
        return false;
      }
      for (InProcessBroker n : channels.getOrDefault(channel, Set.of())) {
        n.deliver(channel, message);
      }
      return true;
    }

    private synchronized boolean subscribe(InProcessBroker node, String channel) {
      if (!down) {
        channels.computeIfAbsent(channel, c -> new HashSet<>()).add(node);
      }
      return !down;
    }

    private synchronized void unsubscribe(InProcessBroker node, String channel) {
      Set<InProcessBroker> set = channels.get(channel);
      if (set != null && set.remove(node) && set.isEmpty()) {
        channels.remove(channel);
      }
    }

    private synchronized void leave(InProcessBroker node) {
      nodes.remove(node);
      channels.values().removeIf(set -> set.remove(node) && set.isEmpty());
    }

    private synchronized boolean isDown() {
      return down;
    }

    /** Channels with at least one subscriber (tests: a closed node leaves none behind). */
    public synchronized Set<String> channels() {
      return Set.copyOf(channels.keySet());
    }
  }

  private final Bus bus;
  private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sockjet-in-process-broker");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> interests = new HashSet<>(); // guarded by this
  private volatile BrokerListener listener;
  private volatile BrokerState state = BrokerState.DOWN;
  // Futures of subscribes made while down: confirmed when the bus comes back. Guarded by this.
  private final Map<String, CompletableFuture<Void>> pending = new HashMap<>();

  private InProcessBroker(Bus bus) {
    this.bus = bus;
  }

  /** A node on a bus of its own: a single server with the cluster's code path. */
  public static InProcessBroker standalone() {
    return new Bus().node();
  }

  @Override
  public void start(BrokerListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    report(bus.isDown() ? BrokerState.DOWN : BrokerState.UP);
  }

  @Override
  public CompletableFuture<Void> publish(String channel, ByteBuffer message) {
    Objects.requireNonNull(channel, "channel");
    byte[] bytes = new byte[message.remaining()];
    message.duplicate().get(bytes);
    if (state != BrokerState.UP || !bus.publish(channel, bytes)) {
      return CompletableFuture.failedFuture(
          new BrokerUnavailableException("in-process broker is " + state));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> subscribe(String channel) {
    Objects.requireNonNull(channel, "channel");
    synchronized (this) {
      if (state == BrokerState.CLOSED) {
        return CompletableFuture.failedFuture(new BrokerUnavailableException("closed"));
      }
      interests.add(channel);
      if (state == BrokerState.UP && bus.subscribe(this, channel)) {
        return CompletableFuture.completedFuture(null);
      }
      // Down: confirmed when the bus comes back and this node subscribes again.
      return pending.computeIfAbsent(channel, c -> new CompletableFuture<>());
    }
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String channel) {
    synchronized (this) {
      interests.remove(channel);
      CompletableFuture<Void> waiting = pending.remove(channel);
      if (waiting != null) {
        waiting.cancel(false);
      }
    }
    bus.unsubscribe(this, channel);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public BrokerState state() {
    return state;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == BrokerState.CLOSED) {
        return;
      }
      state = BrokerState.CLOSED;
      interests.clear();
      pending.values().forEach(f -> f.completeExceptionally(new BrokerUnavailableException("closed")));
      pending.clear();
    }
    bus.leave(this);
    BrokerListener l = listener;
    if (l != null) {
      runReporter(() -> l.onStateChange(BrokerState.CLOSED));
    }
    reporter.shutdown();
  }

  /** Back from an outage: subscribes every interest again, then reports UP. Lock order: node, bus. */
  private void resubscribe() {
    Set<String> all;
    synchronized (this) {
      all = Set.copyOf(interests);
    }
    for (String channel : all) {
      bus.subscribe(this, channel);
    }
    report(BrokerState.UP);
  }

  /** A new state, reported in order with the messages; subscribes made while down complete. */
  private void report(BrokerState next) {
    Map<String, CompletableFuture<Void>> confirmed = Map.of();
    synchronized (this) {
      if (state == BrokerState.CLOSED || listener == null) {
        return;
      }
      state = next;
      if (next == BrokerState.UP) {
        confirmed = Map.copyOf(pending);
        pending.clear();
      }
    }
    // Subscribed while down, perhaps after resubscribe() read the interests: subscribed now.
    confirmed.forEach((channel, f) -> {
      bus.subscribe(this, channel);
      f.complete(null);
    });
    BrokerListener l = listener;
    runReporter(() -> l.onStateChange(next));
  }

  private void deliver(String channel, byte[] message) {
    BrokerListener l = listener;
    if (l != null) {
      runReporter(() -> l.onMessage(channel, ByteBuffer.wrap(message).asReadOnlyBuffer()));
    }
  }

  private void runReporter(Runnable task) {
    try {
      reporter.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed: nothing more is reported.
    }
  }
}
