package io.sockjet.bench.peers;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vert.x 5 fan-out server (see {@link PeerContract}'s fan-out contract), on one event loop as
 * {@link VertxEchoServer}. Vert.x has no group of WebSockets to publish to, so this server keeps
 * the subscribers in a set and writes each message to each with {@link
 * ServerWebSocket#writeTextMessage}, as Vert.x applications that relay to their own clients do.
 * (The event bus is the other way Vert.x users fan out: a consumer per socket on one address,
 * which would add a delivery through the bus in front of the same write per subscriber.) Runs
 * until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.VertxFanoutServer 9000</pre>
 */
public final class VertxFanoutServer {
  private VertxFanoutServer() {}

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) {
    Set<ServerWebSocket> subscribers = ConcurrentHashMap.newKeySet();
    VertxServer.serve("vertx-fanout", args, ws -> {
      if (ws.path().startsWith(PeerContract.SUBSCRIBE_PATH)) {
        subscribers.add(ws);
        ws.closeHandler(v -> subscribers.remove(ws));
      }
      ws.textMessageHandler(text -> {
        for (ServerWebSocket subscriber : subscribers) {
          subscriber.writeTextMessage(text);
        }
      });
    });
  }
}
