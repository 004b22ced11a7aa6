package io.sockjet;

import io.sockjet.internal.ClientContext;
import io.sockjet.internal.ClientUpgradeHandler;
import io.sockjet.internal.ConnectionSettings;
import io.sockjet.internal.ConnectionOwner;
import io.sockjet.internal.Counters;
import io.sockjet.internal.MetricsMBean;
import io.sockjet.internal.DeflatePools;
import io.sockjet.internal.GracefulClose;
import io.sockjet.internal.LineCache;
import io.sockjet.internal.ListenerList;
import io.sockjet.internal.LiveConnections;
import io.sockjet.internal.ProxyTunnel;
import io.sockjet.internal.WebSocketConnection;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.protocol.frame.MaskKeySources;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.deflate.DeflateNegotiation;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.protocol.handshake.ClientHandshake;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.EventLoopGroup;
import io.sockjet.transport.TcpConnector;
import io.sockjet.transport.TlsConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Thread-safe: opens WebSocket connections to {@code ws://} and {@code wss://} servers (RFC 6455
 * §4.1). Each connection is the same {@link WebSocket} a server hands out, with {@link
 * WebSocket#isClient()} true; every frame it sends is masked with a fresh key.
 *
 * <pre>{@code
 * try (WebSocketClient client = WebSocketClient.builder().build()) {
 *   WebSocket ws = client.connect(URI.create("wss://example.com/feed")).get();
 *   ws.sendText("hello");
 *   System.out.println(ws.nextMessage().get());
 *   ws.close();
 * }
 * }</pre>
 *
 * <p>Threads: connections share a few event loops, so thousands of them cost no thread each.
 * Unless {@link Builder#eventLoops(EventLoops)} shares {@link EventLoops} (with a server or other
 * clients), the client creates its own, with daemon threads: they do not keep the JVM alive, but
 * only {@link #close()} (or {@link #shutdown}) releases them and their selectors. Shared loops
 * are never stopped by the client; their owner closes them.
 *
 * <p>Failures of {@link #connect}: the future fails with {@link java.net.UnknownHostException}
 * (name not resolved), {@link java.net.ConnectException} (refused), {@link
 * java.net.SocketTimeoutException} (the connect timeout passed; like the JDK client's {@code
 * HttpTimeoutException} it is an {@link java.io.IOException}), a {@link
 * javax.net.ssl.SSLException} (usually {@link javax.net.ssl.SSLHandshakeException}: certificate
 * untrusted, host name mismatch), {@link WebSocketHandshakeException} (the server or the proxy
 * answered, but not with an acceptable 101), or another {@link java.io.IOException}.
 */
public final class WebSocketClient implements AutoCloseable {
  /** Every connection's close timeout governs; this bounds how long {@link #close()} waits. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final Builder config;
  private final ConnectionSettings settings;
  private final WebSocketListener[] listeners; // every connection's first listeners, shared
  private final LineCache requestLines = new LineCache(); // shared by connections' requests
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  /** The context given, or the JVM's default once a wss:// connect needed it; null until then. */
  private volatile SSLContext sslContext;
  private final DeflateConfig deflateConfig; // null when permessage-deflate is not offered
  private final DeflatePools deflatePools;
  private final Counters counters = new Counters();
  private final LiveConnections<WebSocketConnection> connections = new LiveConnections<>();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private static final java.util.concurrent.atomic.AtomicInteger CLIENTS =
      new java.util.concurrent.atomic.AtomicInteger(); // names the clients' MBeans
  private final Runnable unregisterMBean;
  private final CompletableFuture<Void> shutdown = new CompletableFuture<>();
  private final ClientContext context; // handed to every ClientUpgradeHandler

  private WebSocketClient(Builder b) {
    this.config = b;
    this.sslContext = b.sslContext;
    this.settings = b.settings();
    this.listeners = ListenerList.of(b.listener);
    this.deflateConfig = b.compression == null ? null : b.compression.config(Role.CLIENT);
    this.deflatePools = b.compression == null ? null : new DeflatePools(Zlib.system());
    this.ownsGroup = b.sharedLoops == null;
    this.group = ownsGroup ? new EventLoopGroup(b.eventLoops, "sockjet-client", System::nanoTime,
        true) : b.sharedLoops.group();
    this.unregisterMBean = !b.registerMBean ? () -> { }
        : MetricsMBean.register("io.sockjet:type=WebSocketClient,name=client-"
            + CLIENTS.incrementAndGet(), ClientMetrics.class, this::metrics, "a Sockjet client");
    ConnectionOwner owner = new ConnectionOwner(connections, counters, settings, null, null, null);
    this.context = new ClientContext(owner, listeners, requestLines, b.maskKeys,
        HeadLimits.DEFAULTS, b.maxErrorBodyBytes, deflateConfig, deflatePools, b.connectTimeout,
        this::opened);
  }

  /** A connection opened: kept, and closed at once if the client is shutting down. */
  private void opened(WebSocketConnection ws) {
    connections.add(ws);
    if (shuttingDown.get()) {
      ws.close(1001, "client shutting down");
    }
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects to {@code uri}: resolves, connects TCP (through the proxy, if one is set), runs TLS
   * for {@code wss}, sends the upgrade request and checks the answer, all within the connect
   * timeout. The future completes, on the connection's event loop, with an OPEN connection; see
   * the class comment for how it fails.
   *
   * @param uri {@code ws://} or {@code wss://}, a host (names, IPv4, or IPv6 literals in
   *     brackets), an optional port (default 80 or 443), path and query; no fragment
   * @throws IllegalArgumentException if the URI is not such a URI
   * @throws IllegalStateException if the client is shut down, or for wss:// without an SSL context
   *     when the JVM has no default one
   */
  public CompletableFuture<WebSocket> connect(URI uri) {
    return connect(uri, null);
  }

  /**
   * Connects as {@link #connect(URI)} does, and registers {@code listener} on the connection
   * (after the client's own listener) before any event is delivered, so even a message the server
   * sends right with its 101 response reaches it.
   */
  public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
    if (shuttingDown.get()) {
      throw new IllegalStateException("client is shut down");
    }
    ClientHandshake.Builder hb = ClientHandshake.builder(uri);
    config.subprotocols.forEach(hb::subprotocol);
    config.headers.forEach(h -> hb.header(h.getKey(), h.getValue()));
    if (deflateConfig != null) {
      DeflateNegotiation.offers(deflateConfig, deflatePools.zlib()).forEach(hb::extension);
    }
    ClientHandshake handshake = hb.build();
    HttpRequestHead requestHead = parseOwnRequest(handshake.request());

    boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
    String host = unbracket(uri.getHost());
    int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
    EventLoop loop = group.next();
    long deadline = loop.clock().nanoTime() + config.connectTimeout.toNanos();
    CompletableFuture<WebSocket> result = new CompletableFuture<>();
    ClientUpgradeHandler handler = new ClientUpgradeHandler(context, uri, handshake, requestHead,
        listener, result, deadline);
    TlsConfig tls = null;
    if (secure) {
      tls = TlsConfig.client(sslContext()).withHostnameVerification(config.hostnameVerification)
          .withHandshakeTimeout(config.connectTimeout);
    }
    CompletableFuture<?> channel;
    if (config.proxyHost == null) {
      channel = TcpConnector.connect(host, port, config.connectTimeout, handler, loop, tls);
    } else {
      channel = TcpConnector.connect(config.proxyHost, config.proxyPort, config.connectTimeout,
          handler, loop, tls, null,
          new ProxyTunnel(host, port, config.proxyCredentials, context.headLimits()));
    }
    // Once the channel is open the handler owns the outcome; before that, the connector does.
    channel.whenComplete((c, error) -> {
      if (error != null) {
        result.completeExceptionally(unwrap(error));
      }
    });
    result.whenComplete((ws, error) -> {
      if (error == null) {
        counters.connected();
      } else {
        counters.connectFailed();
      }
    });
    return result;
  }

  /**
   * Connects to {@code uri} and keeps connecting again, with the backoff {@code policy} sets,
   * whenever the connection ends (or an attempt fails) without {@link ReconnectingWebSocket#close}
   * having been called. {@code listener} is registered on every connection made, so one listener
   * sees the messages of all of them; {@code events} (may be null) is told of each attempt.
   */
  public ReconnectingWebSocket connectWithRetry(URI uri, ReconnectPolicy policy,
      WebSocketListener listener, ReconnectListener events) {
    ReconnectingWebSocket r = new ReconnectingWebSocket(this, uri, policy, listener, events);
    r.start();
    return r;
  }

  /**
   * The TLS context for wss://: the one the builder was given, or else the JVM's default, looked
   * up at the first wss:// connect rather than at build: loading it (the JDK's trust store,
   * its providers) takes longer than a whole plain connect, which a ws:// client need not pay.
   * Concurrent first calls may both look it up; they get the same default.
   */
  private SSLContext sslContext() {
    SSLContext ctx = sslContext;
    if (ctx == null) {
      try {
        ctx = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default SSLContext", e);
      }
      sslContext = ctx;
    }
    return ctx;
  }

  /** The client's counters now (also over JMX, as {@code io.sockjet:type=WebSocketClient}). */
  public ClientMetrics metrics() {
    return counters.clientSnapshot(connections.snapshot());
  }

  /** The connections open or closing now. */
  public List<WebSocket> connections() {
    return new ArrayList<>(connections.snapshot());
  }

  /**
   * Closes every connection with 1001 (going away), waits up to {@code deadline} for their closing
   * handshakes, drops what is left, and stops the event loops if the client created them. No
   * connect may be started afterwards. Idempotent.
   */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    if (!shuttingDown.compareAndSet(false, true)) {
      return shutdown;
    }
    // Every caller gets the same future; only the first runs the shutdown.
    unregisterMBean.run();
    GracefulClose.closeAll(connections, "client shutting down", deadline, () -> {
      if (deflatePools != null) {
        deflatePools.clear();
      }
    }, group, ownsGroup).whenComplete((v, e) -> shutdown.complete(null));
    return shutdown;
  }

  /** Shuts down with a 5-second deadline and waits for it. Not from one of the client's loops. */
  @Override
  public void close() {
    shutdown(CLOSE_WAIT).join();
  }

  // ------------------------------------------------------------------ package-private wiring

  EventLoopGroup group() {
    return group;
  }

  boolean isShutDown() {
    return shuttingDown.get();
  }

  /** The request head exactly as sent, for {@link WebSocket#request()}. */
  private static HttpRequestHead parseOwnRequest(byte[] request) {
    try {
      return HeadParser.request(new HeadLimits(request.length + 1, 1000))
          .parse(ByteBuffer.wrap(request));
    } catch (HttpParseException e) {
      throw new IllegalArgumentException("request head does not parse: " + e.getMessage(), e);
    }
  }

  private static String unbracket(String host) {
    return host != null && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Collects a client's settings. Not thread-safe; build once.
   *
   * <p>Defaults: 10 s connect timeout; the JVM's default {@link SSLContext} with host name
   * verification; no subprotocols, extra headers or proxy; messages and frames up to 64 MiB and
   * 16384 fragments; 5 s for the closing handshake; queued output up to the outgoing message
   * limit plus 64 KiB, then {@link OverflowPolicy#CLOSE}; keepalive pings after 20 s without a
   * frame, dropping the connection 20 s later; no idle timeout; a refusal's body read up to 64
   * KiB; one event loop per core (daemon threads) unless loops are shared; secure mask keys.
   */
  public static final class Builder extends LoopOptions<Builder> {
    /** 10 s: the JDK HTTP client has none, OkHttp uses 10 s for connect and read alike. */
    private Duration connectTimeout = Duration.ofSeconds(10);
    private SSLContext sslContext;
    private Compression compression;
    private boolean hostnameVerification = true;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<String> subprotocols = new ArrayList<>();
    /** The protocol's own type inside; users give an IntSupplier, adapted in maskKeySource. */
    private Supplier<MaskKeySource> maskKeys = MaskKeySources::secure;
    private String proxyHost;
    private int proxyPort;
    private String proxyCredentials;
    /** 64 KiB: an error page's worth, bounded so a hostile server cannot make the client hoard. */
    private int maxErrorBodyBytes = 64 * 1024;
    private boolean registerMBean = true;

    private Builder() {}

    /** Bounds name resolution, TCP connect, the proxy exchange, TLS and the upgrade together. */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** The TLS context for {@code wss} (default {@link SSLContext#getDefault()}). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context);
      return this;
    }

    /**
     * Whether the server's certificate must name the URI's host (default true). Switching it off
     * still checks the certificate chain, but lets any trusted certificate impersonate any host:
     * for tests and fixed internal peers only.
     */
    public Builder hostnameVerification(boolean on) {
      this.hostnameVerification = on;
      return this;
    }

    /**
     * Adds a request header, such as {@code Origin}, {@code Authorization} or {@code Cookie}.
     *
     * @throws IllegalArgumentException for a field the handshake writes itself ({@code Host},
     *     {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-*}) or an invalid name or value
     */
    public Builder header(String name, String value) {
      ClientHandshake.builder(URI.create("ws://check/")).header(name, value); // validates now
      headers.add(Map.entry(name, value));
      return this;
    }

    /** Offers these subprotocols, most preferred first; {@link WebSocket#subprotocol()} tells. */
    public Builder subprotocols(String... protocols) {
      ClientHandshake.Builder check = ClientHandshake.builder(URI.create("ws://check/"));
      for (String p : protocols) {
        check.subprotocol(p); // validates now: tokens, no duplicates
      }
      subprotocols.clear();
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /**
     * Where each connection's mask keys come from: {@code perConnection} is asked for one {@link
     * IntSupplier} per connection, and every frame that connection sends is masked with the next
     * int it returns (its four bytes in big-endian order). Each connection calls its supplier
     * from one thread at a time, so that need not be thread-safe; {@code perConnection} is called
     * on the event loops as connections open, several at once, so it must be. The default draws
     * keys from a {@link java.security.SecureRandom}.
     *
     * <p>RFC 6455 §5.3: "the masking key MUST be derived from a strong source of entropy".
     * Predictable keys are for tests and byte-exact captures only:
     *
     * <pre>{@code
     * WebSocketClient.builder().maskKeySource(() -> () -> 0x37fa213d).build();
     * }</pre>
     */
    public Builder maskKeySource(Supplier<? extends IntSupplier> perConnection) {
      Objects.requireNonNull(perConnection);
      this.maskKeys = () -> {
        IntSupplier keys = Objects.requireNonNull(perConnection.get(), "mask key supplier");
        return keys::getAsInt;
      };
      return this;
    }

    /** Connects through an HTTP proxy with CONNECT (RFC 9110 §9.3.6), before TLS and upgrade. */
    public Builder proxy(String host, int port) {
      this.proxyHost = Objects.requireNonNull(host);
      this.proxyPort = port;
      this.proxyCredentials = null;
      return this;
    }

    /** As {@link #proxy(String, int)}, with Basic credentials (RFC 7617) for the proxy. */
    public Builder proxy(String host, int port, String user, String password) {
      if (user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("RFC 7617: a user-id must not contain ':'");
      }
      this.proxyHost = Objects.requireNonNull(host);
      this.proxyPort = port;
      this.proxyCredentials = user + ":" + Objects.requireNonNull(password);
      return this;
    }

    /**
     * Offers permessage-deflate (RFC 7692) with these settings (default: not offered). The
     * offer is what browsers send ({@code permessage-deflate; client_max_window_bits}) plus
     * what the settings ask of the server, followed by a plain fallback offer when they ask
     * anything. A server answer the client cannot honour fails the connection with {@link
     * WebSocketHandshakeException.Kind#UNACCEPTABLE_EXTENSION}; {@link WebSocket#extensions()}
     * tells what was agreed.
     */
    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Whether the client is an MBean while it runs (default true; see {@link WebSocketClient#metrics()}). A
     * short-lived tool turns it off: starting the platform MBean server costs a tenth of a second
     * or more, several times a plain connect.
     */
    public Builder jmx(boolean register) {
      this.registerMBean = register;
      return this;
    }

    /** The most bytes of a refusal's body kept for {@link WebSocketHandshakeException#body()}. */
    public Builder maxErrorBodyBytes(int bytes) {
      this.maxErrorBodyBytes = bytes;
      return this;
    }

    /**
     * Builds the client; without {@link #eventLoops(EventLoops) shared loops} it starts its own
     * (release them with {@link WebSocketClient#close()}). Without {@link #sslContext}, the
     * JVM's default is looked up at the first wss:// connect, which throws {@link
     * IllegalStateException} if there is none.
     */
    public WebSocketClient build() {
      return new WebSocketClient(this);
    }
  }
}
