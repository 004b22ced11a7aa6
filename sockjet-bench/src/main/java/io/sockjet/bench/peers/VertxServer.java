package io.sockjet.bench.peers;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

/**
 * The Vert.x 5 server shared by the Vert.x peers, as the Vert.x core documentation starts one:
 * one {@link HttpServer} with a WebSocket handler, so one event loop serves it (scaling out takes
 * more verticle instances, which the documentation's examples do not do). Stateless.
 */
final class VertxServer {
  private VertxServer() {}

  /**
   * Listens on the port in {@code args} with {@code handler} for every WebSocket, then prints the
   * ready line as {@code peer}. Returns once listening; Vert.x's threads keep the JVM up.
   */
  static void serve(String peer, String[] args, Handler<ServerWebSocket> handler) {
    HttpServer listening = Vertx.vertx().createHttpServer().webSocketHandler(handler)
        .listen(PeerContract.port(args), PeerContract.HOST)
        .toCompletionStage().toCompletableFuture().join();
    PeerContract.ready(peer, listening.actualPort());
  }
}
