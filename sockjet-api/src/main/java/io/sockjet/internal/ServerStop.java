package io.sockjet.internal;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketServer;
import io.sockjet.transport.EventLoopGroup;
import io.sockjet.transport.Logging;
import io.sockjet.transport.TcpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a server ends: shut down on request (hooks, no more accepting, 1001 to every connection,
 * their closing handshakes bounded by a deadline, then the loops), or failed as a whole when an
 * event loop's own machinery broke (no more accepting, every connection dropped, the cause
 * reported). Either happens once; a connection that opens while the server stops is closed.
 * Thread-safe: any thread may stop the server, and a failure arrives on the failed loop's thread.
 */
public final class ServerStop {
  private static final System.Logger LOG = System.getLogger(WebSocketServer.class.getName());

  private final List<Runnable> hooks;
  private final LiveConnections<WebSocketConnection> connections;
  private final ServerCompression compression; // null when permessage-deflate is off
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private volatile TcpServer listener; // null until the server listens

  public ServerStop(List<Runnable> hooks, LiveConnections<WebSocketConnection> connections,
      ServerCompression compression, EventLoopGroup group, boolean ownsGroup) {
    this.hooks = hooks;
    this.connections = connections;
    this.compression = compression;
    this.group = group;
    this.ownsGroup = ownsGroup;
    group.failure().thenAccept(this::fail);
  }

  /** The server listens now: stopping closes {@code tcp}. */
  public void listening(TcpServer tcp) {
    listener = tcp;
    if (stopping.get()) {
      tcp.close(); // stopped (or failed) while it was starting
    }
  }

  /** Whether the server stops (or failed); a connection opening now must close itself. */
  public boolean stopping() {
    return stopping.get();
  }

  /** See {@link WebSocketServer#failure()}. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /** See {@link WebSocketServer#shutdown(Duration)}; every caller gets the same future. */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    if (!stopping.compareAndSet(false, true)) {
      return stopped;
    }
    for (Runnable hook : hooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        Logging.log(LOG, System.Logger.Level.WARNING, "shutdown hook threw", e);
      }
    }
    closeListener();
    // A connection opened after this point sees stopping() and closes itself.
    GracefulClose.closeAll(connections, "server shutting down", deadline, () -> {
      if (compression != null) {
        compression.close();
      }
    }, group, ownsGroup).whenComplete((v, e) -> stopped.complete(null));
    return stopped;
  }

  /**
   * An event loop failed and ended (not one of its connections: the loop itself). The server
   * cannot serve that loop's share of connections and must not live on without them or its
   * listener: it stops accepting, drops every connection and reports the cause through {@link
   * #failure()}. Runs on the failed loop's thread as it ends.
   */
  private void fail(Throwable cause) {
    if (!failure.complete(cause)) {
      return;
    }
    Logging.log(LOG, System.Logger.Level.ERROR,
        "an event loop failed; the server stops: every connection is dropped", cause);
    stopping.set(true);
    closeListener();
    for (WebSocketConnection c : connections.snapshot()) {
      c.abort(); // on the loops still running; the failed loop's sockets end with it
    }
    if (ownsGroup) {
      group.shutdownGracefully(Duration.ZERO);
    }
    stopped.complete(null);
  }

  private void closeListener() {
    TcpServer tcp = listener;
    if (tcp != null) {
      tcp.close();
    }
  }
}
