package io.sockjet.bench.peers;

import io.sockjet.Cluster;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.redis.RedisBroker;

/**
 * The Sockjet fan-out server (see {@link PeerContract}'s fan-out contract): subscribers join one
 * topic when they open, and each message from a publisher is published to it with {@link
 * WebSocket#publish}, the way an application relays a client's message to a topic. Default
 * settings, as {@link SockjetEchoServer}. Runs until killed.
 *
 * <p>With {@code broadcast} as the second argument the same messages go out through {@link
 * WebSocketServer#broadcast(String)} instead, to every connection (the publisher's too: one
 * delivery in 10,001 that the receivers do not count), so that a topic's publish and a broadcast
 * are measured on the same path in and out: the target is that a delivery through a
 * topic costs no more than one through a broadcast.
 *
 * <p>With {@code --redis URI} the server is one node of several that share the topic through
 * Redis ({@link Cluster} over a {@link RedisBroker}; {@code --name} sets the broker's client
 * name, so its connections show on Redis as {@code NAME-pub} and {@code NAME-sub}): a message
 * published on one node reaches the subscribers of every node. It then also counts what the
 * cluster reports ({@link ClusterTally}) and prints it, as {@code STATS} lines, whenever it
 * changed and when the server is stopped.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetFanoutServer 9000
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetFanoutServer 9000 broadcast
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetFanoutServer 9001 \
 *     --redis redis://127.0.0.1:6379 --name node-a
 * </pre>
 */
public final class SockjetFanoutServer {
  /** The one topic every subscriber joins. */
  static final String TOPIC = "fanout";

  private SockjetFanoutServer() {}

  /**
   * Args: port, then {@code topic} (the default) or {@code broadcast}, then optionally {@code
   * --redis URI} and {@code --name NAME} (a topic across nodes).
   */
  public static void main(String[] args) throws InterruptedException {
    int port = PeerContract.port(args);
    boolean broadcast = false;
    String redis = null;
    String name = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "broadcast" -> broadcast = true;
        case "topic" -> broadcast = false;
        case "--redis" -> redis = args[++i];
        case "--name" -> name = args[++i];
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (redis != null && broadcast) {
      throw new IllegalArgumentException("--redis spans a topic; a broadcast stays on one node");
    }
    Fanout fanout = new Fanout(broadcast, redis != null);
    WebSocketServer.Builder builder = WebSocketServer.builder().host(PeerContract.HOST).port(port)
        .listener(fanout);
    if (redis != null) {
      RedisBroker.Builder broker = RedisBroker.builder(redis);
      if (name != null) {
        broker.clientName(name);
      }
      builder.cluster(Cluster.over(broker.build()));
    }
    fanout.server = builder.start();
    if (fanout.tally != null) {
      fanout.tally.start();
    }
    PeerContract.ready(broadcast ? "sockjet-broadcast" : redis != null ? "sockjet-cluster"
        : "sockjet", fanout.server.port());
    Thread.currentThread().join(); // the loops' threads serve; this one only keeps the JVM up
  }

  /** Subscribes on open, publishes (or broadcasts) what a publisher sends; on the loops. */
  private static final class Fanout implements WebSocketListener {
    final boolean broadcast;
    final ClusterTally tally; // null on a single node
    // Set once start() returns; no message can arrive before a client is connected.
    volatile WebSocketServer server;

    Fanout(boolean broadcast, boolean cluster) {
      this.broadcast = broadcast;
      this.tally = cluster
          ? new ClusterTally(() -> server == null ? null : server.topics().brokerState().orElse(null))
          : null;
    }

    @Override
    public void onOpen(WebSocket ws) {
      if (!broadcast && PeerContract.SUBSCRIBE_PATH.equals(ws.request().path())) {
        ws.subscribe(TOPIC);
      }
    }

    @Override
    public void onText(WebSocket ws, String text) {
      if (broadcast) {
        server.broadcast(text);
      } else if (tally == null) {
        ws.publish(TOPIC, text);
      } else {
        tally.published(ws.publish(TOPIC, text));
      }
    }

    @Override
    public void onMissed(WebSocket ws, String topic, long count) {
      if (tally != null) {
        tally.missed(count);
      }
    }
  }
}
