package io.sockjet;

import io.sockjet.internal.Broadcaster;
import io.sockjet.internal.ClusterBridge;
import io.sockjet.internal.ConnectionSettings;
import io.sockjet.internal.Counters;
import io.sockjet.internal.HandshakeSettings;
import io.sockjet.internal.JvmLimits;
import io.sockjet.internal.LineCache;
import io.sockjet.internal.ListenerList;
import io.sockjet.internal.LiveConnections;
import io.sockjet.internal.RepeatingTask;
import io.sockjet.internal.ServerCompression;
import io.sockjet.internal.ServerContext;
import io.sockjet.internal.ServerListen;
import io.sockjet.internal.ServerOwner;
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
import io.sockjet.transport.TimerHandle;
import io.sockjet.transport.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
  private final WebSocketListener[] listeners; // every connection's first listeners, shared
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

  private WebSocketServer(Builder b) {
    this.config = b;
    this.settings = b.settings();
    this.handshake = new HandshakeSettings(new HeadLimits(b.maxHeadBytes, b.maxHeaders),
        b.handshakeTimeout, b.handshakeHandler, b.httpHandler, b.subprotocols, b.allowedOrigins);
    this.listeners = ListenerList.of(b.listener);
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
    if (cluster != null) {
      topics.attach(cluster);
      hooks.add(cluster::close); // nothing more from other nodes while connections drain
    }
    this.owner = new ServerOwner(connections, counters, settings, budget, topics);
    this.stop = new ServerStop(hooks, connections, compression, group, ownsGroup);
    this.context = new ServerContext(handshake, counters, compression, owner, listeners,
        requestLines, this::opened);
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
    if (cluster != null) {
      cluster.start();
    }
    LOG.log(System.Logger.Level.DEBUG, "listening on {0}", tcp.localAddress());
    return this;
  }

  // ------------------------------------------------------------------ package-private wiring

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
  public static final class Builder extends ConnectionOptions<Builder> {
    private String host = "0.0.0.0";
    private int port;
    private ServerSocketChannel boundChannel;
    private SSLContext sslContext;
    private java.util.function.Consumer<SSLParameters> sslParameters;
    private HandshakeHandler handshakeHandler = HandshakeHandler.sync(r -> HandshakeResponse.accept());
    private HttpHandler httpHandler;
    private List<String> subprotocols = List.of();
    private Set<String> allowedOrigins = Set.of();
    private int maxHeadBytes = HeadLimits.DEFAULTS.maxHeadBytes();
    private int maxHeaders = HeadLimits.DEFAULTS.maxHeaders();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int maxConnections;
    private Predicate<InetSocketAddress> acceptFilter;
    private Compression compression;
    private long memoryBudget;
    private SlowSubscriberPolicy slowSubscribers = SlowSubscriberPolicy.DEFAULT;
    private Cluster cluster;
    private final List<Runnable> shutdownHooks = new CopyOnWriteArrayList<>();

    private Builder() {}

    /** The interface to listen on (default all: "0.0.0.0"; "::" for all IPv6). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port to listen on; 0 (the default) lets the system pick ({@link #port()} tells). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Listens on a socket the caller already opened and bound (socket activation). */
    public Builder channel(ServerSocketChannel bound) {
      this.boundChannel = Objects.requireNonNull(bound);
      return this;
    }

    /** Serves wss:// with this context's certificate. */
    public Builder tls(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context);
      return this;
    }

    /** Serves wss:// and customises each engine's parameters (protocols, ciphers, client auth). */
    public Builder tls(SSLContext context, java.util.function.Consumer<SSLParameters> parameters) {
      this.sslContext = Objects.requireNonNull(context);
      this.sslParameters = parameters;
      return this;
    }

    /** The handshake hook (default: accept everything). */
    public Builder handshake(HandshakeHandler handler) {
      this.handshakeHandler = Objects.requireNonNull(handler);
      return this;
    }

    /** Answers plain HTTP requests (default: 426 Upgrade Required). */
    public Builder httpHandler(HttpHandler handler) {
      this.httpHandler = handler;
      return this;
    }

    /** Subprotocols the server speaks, most preferred first; the first one the client offers wins. */
    public Builder subprotocols(String... protocols) {
      this.subprotocols = List.of(protocols);
      return this;
    }

    /** Accepts only these Origin values (403 otherwise); default: any origin. */
    public Builder allowedOrigins(String... origins) {
      this.allowedOrigins = Set.of(origins);
      return this;
    }

    /** The largest request head (431 above it; default 8 KiB). */
    public Builder maxHeadBytes(int bytes) {
      this.maxHeadBytes = bytes;
      return this;
    }

    /** The most request headers (431 above it; default 100). */
    public Builder maxHeaders(int count) {
      this.maxHeaders = count;
      return this;
    }

    /** How long a client has to send its whole upgrade request (default 10 s; slowloris). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Refuses new connections at accept while this many are live (default unlimited): each is
     * answered {@code 503 Service Unavailable} with {@code Retry-After: 1} (over plain TCP; a TLS
     * connection is closed unanswered) and closed, without reaching the upgrade hook or counting
     * as a connection.
     */
    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    /** Refuses connections whose address fails the filter, right at accept. */
    public Builder acceptFilter(Predicate<InetSocketAddress> filter) {
      this.acceptFilter = filter;
      return this;
    }

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
