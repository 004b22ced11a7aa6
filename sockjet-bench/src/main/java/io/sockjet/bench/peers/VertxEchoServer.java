package io.sockjet.bench.peers;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vert.x 5 echo server: one {@code HttpServer} with a WebSocket handler, as in the Vert.x
 * core documentation (see {@link VertxServer}). Vert.x has no registry of WebSockets to broadcast
 * to, so this server keeps the open ones in a set and loops over it. Runs until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.VertxEchoServer 9000</pre>
 */
public final class VertxEchoServer {
  private VertxEchoServer() {}

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) {
    Set<ServerWebSocket> open = ConcurrentHashMap.newKeySet();
    VertxServer.serve("vertx", args, ws -> {
      open.add(ws);
      ws.closeHandler(v -> open.remove(ws));
      ws.textMessageHandler(text -> {
        var broadcast = PeerContract.broadcast(text);
        if (broadcast == null) {
          ws.writeTextMessage(text);
          return;
        }
        for (int i = 0; i < broadcast.count(); i++) {
          for (ServerWebSocket client : open) {
            client.writeTextMessage(broadcast.body());
          }
        }
      });
      ws.binaryMessageHandler(ws::writeBinaryMessage);
    });
  }
}
