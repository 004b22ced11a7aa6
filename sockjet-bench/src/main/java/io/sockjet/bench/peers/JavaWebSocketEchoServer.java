package io.sockjet.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The Java-WebSocket (TooTallNate) echo server: a {@link WebSocketServer} subclass as in the
 * library's README, with its defaults (one selector thread, one decoder thread per core) but for
 * one setting: TCP_NODELAY is switched on, because every other server here has it on by default
 * and Nagle's algorithm would otherwise dominate small-message latency. Broadcasts use the
 * library's own {@link WebSocketServer#broadcast(String)}. Runs until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.JavaWebSocketEchoServer 9000</pre>
 */
public final class JavaWebSocketEchoServer extends WebSocketServer {
  private JavaWebSocketEchoServer(int port) {
    super(new InetSocketAddress(PeerContract.HOST, port));
  }

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) {
    JavaWebSocketEchoServer server = new JavaWebSocketEchoServer(PeerContract.port(args));
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
    server.start(); // returns at once; onStart prints the ready line from the server's thread
  }

  /** Prints the ready line: the socket is bound and the selector runs. */
  @Override
  public void onStart() {
    PeerContract.ready("java-websocket", getPort());
  }

  /** Nothing to do: the server tracks its connections itself. */
  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {}

  /** Nothing to do: the server drops the connection from its set itself. */
  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  /** Echoes text, or broadcasts on a trigger. */
  @Override
  public void onMessage(WebSocket conn, String message) {
    PeerContract.Broadcast broadcast = PeerContract.broadcast(message);
    if (broadcast == null) {
      conn.send(message);
      return;
    }
    for (int i = 0; i < broadcast.count(); i++) {
      broadcast(broadcast.body());
    }
  }

  /** Echoes binary; {@code send} frames the buffer before it returns, so no copy is needed. */
  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    conn.send(message);
  }

  /** Reports errors; a server-level error (conn null) ends the process, as it stops serving. */
  @Override
  public void onError(WebSocket conn, Exception ex) {
    ex.printStackTrace();
    if (conn == null) {
      System.exit(1);
    }
  }
}
