package io.sockjet.bench.peers;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty 12 echo server on Jetty's own WebSocket API ({@code jetty-websocket-jetty-server}, no
 * servlets), set up as Jetty's documentation shows: a {@link Server} with one {@link
 * ServerConnector}, a context, and a {@link WebSocketUpgradeHandler} mapping every path to a
 * {@link JettyEchoEndpoint}. Jetty's defaults otherwise (its thread pool, 64 KiB message limits;
 * permessage-deflate is only negotiated when a client offers it, and the drivers do not). Broadcasts
 * loop over {@link ServerWebSocketContainer#getOpenSessions()}. Runs until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.JettyEchoServer 9000</pre>
 */
public final class JettyEchoServer {
  private JettyEchoServer() {}

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) throws Exception {
    int port = PeerContract.port(args);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(PeerContract.HOST);
    connector.setPort(port);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, context,
        container -> container.addMapping("/*",
            (request, response, callback) -> new JettyEchoEndpoint(container)));
    context.setHandler(upgrade);
    server.setHandler(context);
    server.start();
    PeerContract.ready("jetty", connector.getLocalPort());
    server.join();
  }
}
