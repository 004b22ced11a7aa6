package io.sockjet.bench.peers;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;

/**
 * The Sockjet echo server for side-by-side runs: default settings (one event loop per available
 * core), echo in the listener, broadcast through {@link WebSocketServer#broadcast(String)}, which
 * encodes the frame once for all connections. Runs until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.SockjetEchoServer 9000</pre>
 */
public final class SockjetEchoServer {
  private SockjetEchoServer() {}

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) throws InterruptedException {
    int port = PeerContract.port(args);
    Echo echo = new Echo();
    echo.server = WebSocketServer.builder().host(PeerContract.HOST).port(port).listener(echo)
        .start();
    PeerContract.ready("sockjet", echo.server.port());
    Thread.currentThread().join(); // the loops' threads serve; this one only keeps the JVM up
  }

  /** Echoes on the connection's event loop; broadcasts on a trigger. */
  private static final class Echo implements WebSocketListener {
    // Set once start() returns; no trigger can arrive before a client is connected.
    volatile WebSocketServer server;

    @Override
    public void onText(WebSocket ws, String text) {
      PeerContract.Broadcast broadcast = PeerContract.broadcast(text);
      if (broadcast == null) {
        ws.sendText(text);
        return;
      }
      for (int i = 0; i < broadcast.count(); i++) {
        server.broadcast(broadcast.body());
      }
    }

    @Override
    public void onBinaryBorrowed(WebSocket ws, ByteBuffer data) {
      ws.sendBinary(data); // the documented zero-copy echo: sendBinary copies what it keeps
    }
  }
}
