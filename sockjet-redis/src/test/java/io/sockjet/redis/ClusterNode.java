package io.sockjet.redis;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import io.sockjet.Cluster;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Sockjet server in a cluster over Redis, on a free loopback port. Every connection subscribes
 * to {@code topic} as it opens; the node keeps what its subscribers were told they missed and
 * what its broker reported.
 */
final class ClusterNode implements AutoCloseable {
  final String topic;
  final Watched broker;
  final WebSocketServer server;
  /** {@code onMissed} calls, as {@code topic:count}. */
  final BlockingQueue<String> missed = new LinkedBlockingQueue<>();
  private final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
  private final List<RawPeer> peers = new ArrayList<>();

  ClusterNode(RedisServer redis, String topic) {
    this.topic = topic;
    this.broker = new Watched(RedisBroker.builder(redis.uri())
        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500))
        .build());
    this.server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
        .closeTimeout(Duration.ofMillis(300))
        .cluster(Cluster.over(broker))
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.subscribe(topic);
            opened.add(ws);
          }

          @Override
          public void onMissed(WebSocket ws, String t, long count) {
            missed.add(t + ":" + count);
          }
        })
        .start();
  }

  /** A raw client of this node, subscribed; {@link #lastOpened} has its server side. */
  RawPeer connect() throws Exception {
    RawPeer peer = RawPeer.open(server.port());
    peers.add(peer);
    return peer;
  }

  /** A raw client with a small receive buffer that the test never reads: a slow subscriber. */
  RawPeer connectSlow() throws Exception {
    RawPeer peer = RawPeer.connect(new InetSocketAddress("127.0.0.1", server.port()), 8 * 1024);
    peer.upgrade("/", "");
    peers.add(peer);
    return peer;
  }

  /** The server side of the connection opened next (in order of opening). */
  WebSocket lastOpened() throws InterruptedException {
    WebSocket ws = opened.poll(10, TimeUnit.SECONDS);
    if (ws == null) {
      throw new AssertionError("no connection opened on " + server.port());
    }
    return ws;
  }

  /** Waits until the broker is up and the topic's channel subscribed on Redis. */
  void awaitReady() throws Exception {
    Recorder.await(() -> broker.state() == BrokerState.UP, Duration.ofSeconds(30), "broker up");
    server.topics().ready(topic).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    for (RawPeer p : peers) {
      p.close();
    }
    server.shutdown(Duration.ofSeconds(2)).orTimeout(10, TimeUnit.SECONDS).join();
  }
}
