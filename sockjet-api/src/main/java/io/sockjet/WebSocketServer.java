package io.sockjet;

import io.sockjet.internal.Broadcaster;
import io.sockjet.internal.ClusterBridge;
import io.sockjet.internal.ConnectionSettings;
import io.sockjet.internal.Counters;
import io.sockjet.internal.Endpoint;
import io.sockjet.internal.Endpoints;
import io.sockjet.internal.HandshakeSettings;
import io.sockjet.internal.JvmLimits;
import io.sockjet.internal.LineCache;
import io.sockjet.internal.ListenerList;
import io.sockjet.internal.LiveConnections;
import io.sockjet.internal.MetricsMBean;
import io.sockjet.internal.RepeatingTask;
import io.sockjet.internal.ServerCompression;
import io.sockjet.internal.ServerContext;
import io.sockjet.internal.ServerListen;
import io.sockjet.internal.ConnectionOwner;
import io.sockjet.internal.ServerStop;
import io.sockjet.internal.TopicRegistry;
import io.sockjet.internal.UpgradeHandler;
import io.sockjet.internal.WebSocketConnection;
import io.sockjet.protocol.MemoryBudget;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.EventLoopGroup;
import io.sockjet.transport.TcpServer;
import io.sockjet.transport.Logging;
import io.sockjet.transport.TimerHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket server: listens, runs the opening handshake through a hook, and serves each
 * connection on one of its event loops for the connection's whole life. Safe to use from any
 * thread.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *     .port(8080)
 *     .listener(new WebSocketListener() {
 *       public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *     })
 *     .start();
 * System.out.println("listening on " + server.port());
 * server.shutdown(Duration.ofSeconds(5)).join(); // 1001 to every client, drain, stop
 * }</pre>
 */
public final class WebSocketServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WebSocketServer.class.getName());

  private final Builder config;
  private final ConnectionSettings settings;
  private final HandshakeSettings handshake;
  private final ServerCompression compression; // null when permessage-deflate is off
  private final LineCache requestLines = new LineCache(); // shared by connections' requests
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Counters counters = new Counters();
  private final LiveConnections<WebSocketConnection> connections = new LiveConnections<>();
  private final Broadcaster broadcaster;
  private final WebSocketConnection.Owner owner;
  private final MemoryBudget budget;
  private final TopicRegistry topics;
  private final ClusterBridge cluster; // null for a single node
  private final ServerStop stop;
  private final ServerContext context; // what every UpgradeHandler of this server is handed
  private volatile TcpServer tcp;
  private volatile Runnable unregisterMBean = () -> {};

  private WebSocketServer(Builder b) {
    this.config = b;
    this.settings = b.settings();
    this.handshake = new HandshakeSettings(new HeadLimits(b.maxHeadBytes, b.maxHeaders),
        b.handshakeTimeout, b.httpHandler);
    this.compression = b.compression == null ? null
        : new ServerCompression(b.compression.config(Role.SERVER), b.compression.memoryBudget(),
            Zlib.system());
    this.broadcaster = new Broadcaster(connections, compression);
    this.ownsGroup = b.sharedLoops == null;
    this.group = ownsGroup ? new EventLoopGroup(b.eventLoops, "sockjet-server", System::nanoTime)
        : b.sharedLoops.group();
    this.topics = new TopicRegistry(group.loops(), compression, settings.maxOutgoingMessage(),
        b.slowSubscribers);
    this.budget = new MemoryBudget(b.memoryBudget > 0 ? b.memoryBudget
        : MemoryBudget.defaultLimit(Runtime.getRuntime().maxMemory(), JvmLimits.maxDirectMemory()));
    this.cluster = b.cluster == null ? null : new ClusterBridge(b.cluster, topics, group.next());
    List<Runnable> hooks = new ArrayList<>(b.shutdownHooks);
    hooks.add(() -> unregisterMBean.run());
    if (cluster != null) {
      topics.attach(cluster);
      hooks.add(cluster::close); // nothing more from other nodes while connections drain
    }
    this.owner = new ConnectionOwner(connections, counters, settings, budget, topics, this);
    this.stop = new ServerStop(hooks, connections, compression, group, ownsGroup);
    this.context = new ServerContext(handshake, counters, compression, owner, endpoints(b),
        requestLines, this::opened);
  }

  /** Each route's endpoint, and the server's own for other paths (none: 404 once routes exist). */
  private Endpoints endpoints(Builder b) {
    Map<String, Endpoint> routes = new LinkedHashMap<>();
    b.routes.forEach((path, r) -> routes.put(path, new Endpoint(r.handshake, r.subprotocols,
        r.allowedOrigins, ListenerList.of(r.listener),
        new ConnectionOwner(connections, counters, r.settings, budget, topics, this))));
    Endpoint own = !routes.isEmpty() && b.listener == null ? null
        : new Endpoint(b.handshakeHandler, b.subprotocols, b.allowedOrigins,
            ListenerList.of(b.listener), owner);
    return Endpoints.of(routes, own);
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  private WebSocketServer startListening() throws IOException {
    TcpServer.Builder tb = ServerListen.builder(group, context, config.acceptFilter,
        config.maxConnections, config.sslContext, config.sslParameters, config.handshakeTimeout);
    try {
      tcp = config.boundChannel != null ? tb.listen(config.boundChannel)
          : tb.bind(new InetSocketAddress(config.host, config.port));
    } catch (IOException | RuntimeException e) {
      if (ownsGroup) {
        group.close();
      }
      throw e;
    }
    stop.listening(tcp);
    unregisterMBean = MetricsMBean.register("io.sockjet:type=WebSocketServer,port=" + port(),
        ServerMetrics.class, this::metrics, "a Sockjet server listening on " + localAddress());
    ServerTls tls = config.serverTls;
    if (tls != null && tls.checkEvery() != null) {
      every(tls.checkEvery(), () -> reloadIfChanged(tls));
    }
    if (cluster != null) {
      cluster.start();
    }
    LOG.log(System.Logger.Level.DEBUG, "listening on {0}", tcp.localAddress());
    return this;
  }

  // ------------------------------------------------------------------ package-private wiring

  /** A renewal check on a loop: two stats, and a reload only when the files changed. */
  private static void reloadIfChanged(ServerTls tls) {
    try {
      if (tls.reloadIfChanged()) {
        LOG.log(System.Logger.Level.INFO, "TLS certificate reloaded");
      }
    } catch (IllegalArgumentException e) {
      Logging.log(LOG, System.Logger.Level.WARNING, "TLS files changed but cannot be used; "
          + "the previous certificate stays: " + e.getMessage(), null);
    }
  }

  /** The loops the server runs on (tests). */
  EventLoopGroup group() {
    return group;
  }

  /** The server's permessage-deflate, or null (tests). */
  ServerCompression compression() {
    return compression;
  }

  private void opened(WebSocketConnection ws) {
    connections.add(ws);
    if (stop.stopping()) {
      ws.close(1001, "server shutting down");
    }
  }

  // ------------------------------------------------------------------ public API

  /** The port the server listens on (the one the system chose, if configured with port 0). */
  public int port() {
    return tcp.localAddress().getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress localAddress() {
    return tcp.localAddress();
  }

  /** The live connections: open or closing (not yet closed). A snapshot. */
  public List<WebSocket> connections() {
    List<WebSocketConnection> all = connections.snapshot();
    List<WebSocket> live = new ArrayList<>(all.size());
    for (WebSocketConnection c : all) {
      if (c.state() != ReadyState.CLOSED) {
        live.add(c);
      }
    }
    return live;
  }

  /**
   * Sends a text message to every open connection. The frame is encoded once and shared; with
   * compression, it is compressed once for all connections that send without context takeover
   * (and once per connection for those that keep a context). Each connection's queue cap and
   * overflow policy apply. Returns how many connections accepted it.
   */
  public int broadcast(String text) {
    return broadcast(text, null);
  }

  /** Sends a binary message to every open connection; see {@link #broadcast(String)}. */
  public int broadcast(ByteBuffer data) {
    return broadcaster.binary(data);
  }

  /** Sends a text message to the open connections that {@code filter} accepts. */
  public int broadcast(String text, Predicate<WebSocket> filter) {
    return broadcaster.text(text, filter);
  }

  /**
   * The server's topics: publish to named groups of connections, framed once for all of them
   * ({@link WebSocket#subscribe} joins one).
   */
  public Topics topics() {
    return topics;
  }

  /** Runs {@code task} once after {@code delay}, on one of the server's loops. */
  public Registration schedule(Duration delay, Runnable task) {
    TimerHandle handle = group.next().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return handle::cancel;
  }

  /**
   * Runs {@code task} every {@code period} on one loop (a tick), until the registration is
   * removed or the server stops. The task must not block: it runs on an event loop.
   */
  public Registration every(Duration period, Runnable task) {
    EventLoop loop = group.next();
    long nanos = period.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    return RepeatingTask.start(loop, nanos, task);
  }

  /**
   * Watches one of the user's own channels (a pipe, a UDP socket) for readiness on one of the
   * server's loops: the channel is switched to non-blocking mode and {@code watcher} runs on that
   * loop whenever it is ready for one of {@code ops}. The watch ends when the server's loops
   * stop, or the shared {@link EventLoops} it runs on close, if not cancelled before.
   *
   * <pre>{@code
   * ChannelWatch watch = server.watch(pipe.source(), SelectionKey.OP_READ, (w, ready) -> drain());
   * }</pre>
   *
   * @param ops {@link java.nio.channels.SelectionKey} interest bits valid for the channel
   * @throws IllegalArgumentException if the channel does not support {@code ops}
   * @throws java.io.UncheckedIOException if the channel cannot be made non-blocking
   */
  public ChannelWatch watch(SelectableChannel channel, int ops, ChannelWatcher watcher) {
    return ChannelWatch.start(group.next(), channel, ops, watcher);
  }

  /**
   * Serves a socket accepted elsewhere, running the opening handshake on it. {@code alreadyRead}
   * holds bytes already read from it (for example the start of the upgrade request), or null.
   */
  public void adopt(SocketChannel accepted, ByteBuffer alreadyRead) {
    tcp.adopt(accepted, alreadyRead, new UpgradeHandler(context));
  }

  /**
   * An executor that runs tasks on one of the server's event loops, always the same one, in the
   * order they are handed over: for state several connections share without a lock (a room, a
   * game), and for sends that must keep one order (sends from one thread keep their order on
   * every connection). Each call picks the next loop. Tasks must not block; after shutdown they
   * are refused ({@link java.util.concurrent.RejectedExecutionException}).
   *
   * <pre>{@code
   * Executor room = server.loopExecutor();
   * room.execute(() -> members.forEach(m -> m.sendText(update)));
   * }</pre>
   */
  public Executor loopExecutor() {
    return group.next();
  }

  /**
   * Completes, with the cause, if the server fails as a whole: an event loop's own machinery
   * broke (not one connection: those are closed alone and the server goes on). The listener and
   * every connection are closed by then; a process should exit non-zero, as {@code sockjet
   * serve} does, so that its supervisor restarts it. Never completes for a server that is only
   * shut down.
   */
  public CompletableFuture<Throwable> failure() {
    return stop.failure();
  }

  /** The server's counters now. */
  public ServerMetrics metrics() {
    return counters.snapshot(connections.snapshot(), compression, budget);
  }

  /**
   * Shuts down gracefully: runs the shutdown hooks, stops accepting, closes every connection with
   * 1001 (going away), waits up to {@code deadline} for their closing handshakes and queued bytes,
   * drops what is left, and stops the loops (if the server created them). Idempotent.
   */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    return stop.shutdown(deadline);
  }

  /** The same as {@link #shutdown(Duration)}. */
  public CompletableFuture<Void> stop(Duration deadline) {
    return shutdown(deadline);
  }

  /** Shuts down with a 5-second deadline and waits for it. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5)).join();
  }

  /**
   * Collects a server's settings. Not thread-safe; build once.
   *
   * <p>Defaults: all interfaces, port 0 (any free port); messages and frames up to 64 MiB and
   * 16384 fragments; request heads up to 8 KiB and 100 headers; 10 s to complete the handshake;
   * 5 s for the closing handshake; queued output up to the outgoing message limit
   * plus 64 KiB per connection, then {@link OverflowPolicy#CLOSE}; a memory budget for what all
   * connections hold for peers of a quarter of the JVM's heap or direct memory, whichever is
   * smaller; keepalive pings after 20 s without a frame, dropping the connection 20 s later; no
   * idle or message timeout; one event loop per core.
   */
  public static final class Builder extends ServerOptions<Builder> {
    private Compression compression;
    private long memoryBudget;
    private SlowSubscriberPolicy slowSubscribers = SlowSubscriberPolicy.DEFAULT;
    private Cluster cluster;
    private final List<Runnable> shutdownHooks = new CopyOnWriteArrayList<>();
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Negotiates permessage-deflate (RFC 7692) with clients that offer it, in the given memory
     * mode and budget (default: off; {@link Compression#sharedCompressor()} suits most servers).
     * Clients that offer nothing acceptable, or that would pass the budget, are served
     * uncompressed; {@link WebSocket#extensions()} tells what a connection agreed.
     */
    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Caps what all connections together may hold for their peers: messages being received and
     * inflated, and output waiting for slow sockets. A connection that needs more than is left
     * is closed (1009 for a message coming in, 1013 for output) and the others go on. Default: a
     * quarter of the smaller of the JVM's heap and direct memory limits.
     */
    public Builder memoryBudget(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("memory budget must be positive: " + bytes);
      }
      this.memoryBudget = bytes;
      return this;
    }

    /**
     * What topics do with a subscriber whose queue is over a cap, unless a topic has its own
     * policy ({@link Topics#policy(String, SlowSubscriberPolicy)}). Default: {@link
     * SlowSubscriberPolicy#DEFAULT}, skip it past 256 KiB and tell it what it missed.
     */
    public Builder slowSubscribers(SlowSubscriberPolicy policy) {
      this.slowSubscribers = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Spans the server's topics over every server on the cluster's broker (default: none). */
    public Builder cluster(Cluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * Serves WebSocket upgrades to {@code path} with {@code route}'s hook, listener and settings
     * (a path ending in {@code /*} takes every path under it). Once a route is given, a path no
     * route takes gets 404, unless this builder has a {@link #listener} of its own to serve it.
     */
    public Builder route(String path, Route route) {
      routes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Runs {@code hook} first when the server shuts down. */
    public Builder onShutdown(Runnable hook) {
      shutdownHooks.add(Objects.requireNonNull(hook));
      return this;
    }

    /** Builds and starts the server: it listens when this returns. */
    public WebSocketServer start() {
      try {
        return new WebSocketServer(this).startListening();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
      }
    }
  }
}
