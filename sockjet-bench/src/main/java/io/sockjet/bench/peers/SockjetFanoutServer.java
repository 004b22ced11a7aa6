package io.sockjet.bench.peers;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;

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
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetFanoutServer 9000
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetFanoutServer 9000 broadcast
 * </pre>
 */
public final class SockjetFanoutServer {
  /** The one topic every subscriber joins. */
  static final String TOPIC = "fanout";

  private SockjetFanoutServer() {}

  /** Args: port, then {@code topic} (the default) or {@code broadcast}. */
  public static void main(String[] args) throws InterruptedException {
    int port = PeerContract.port(args);
    boolean broadcast = args.length > 1 && args[1].equals("broadcast");
    Fanout fanout = new Fanout(broadcast);
    fanout.server = WebSocketServer.builder().host(PeerContract.HOST).port(port).listener(fanout)
        .start();
    PeerContract.ready(broadcast ? "sockjet-broadcast" : "sockjet", fanout.server.port());
    Thread.currentThread().join(); // the loops' threads serve; this one only keeps the JVM up
  }

  /** Subscribes on open, publishes (or broadcasts) what a publisher sends; on the loops. */
  private static final class Fanout implements WebSocketListener {
    final boolean broadcast;
    // Set once start() returns; no message can arrive before a client is connected.
    volatile WebSocketServer server;

    Fanout(boolean broadcast) {
      this.broadcast = broadcast;
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
      } else {
        ws.publish(TOPIC, text);
      }
    }
  }
}
