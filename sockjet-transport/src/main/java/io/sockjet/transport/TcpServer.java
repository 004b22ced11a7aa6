package io.sockjet.transport;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Thread-safe: a listening socket whose connections are spread over an {@link EventLoopGroup}.
 * Accepting runs on one loop of the group; each accepted connection goes to the group's next
 * loop, where its {@link Channel} lives.
 *
 * <p>Build with {@link #builder}, then {@link Builder#bind} or {@link Builder#listen}.
 */
public final class TcpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());

  /** Loaded with this class, as {@link EventLoop#FAILURE_PATH_CLASSES} are, for the same reason. */
  static final Class<?> REFUSAL_PATH_CLASS = LingeringClose.class;

  /**
   * Connections accepted per readiness event: bounds how long the accepting loop spends before
   * serving its own connections; a larger burst waits in the kernel backlog for the next round.
   */
  private static final int MAX_ACCEPTS_PER_EVENT = 64;

  /**
   * Default listen backlog: absorbs a burst of a thousand connects while the acceptor is busy;
   * Linux silently caps it at net.core.somaxconn (4096 by default since 5.4).
   */
  public static final int DEFAULT_BACKLOG = 1024;

  /**
   * First pause of accepting after {@code accept} fails (typically EMFILE or ENFILE: out of file
   * descriptors): long enough that a listener whose backlog is ready does not spin on failing
   * accepts, short enough that accepting resumes soon after descriptors are freed.
   */
  static final long MIN_ACCEPT_BACKOFF_MILLIS = 100;

  /**
   * Longest pause of accepting: the backoff doubles after each failure up to this, so a process
   * that stays out of descriptors tries about once a second, and one that recovers waits at most
   * this long to accept again.
   */
  static final long MAX_ACCEPT_BACKOFF_MILLIS = 1000;

  /** At most one accept-failure warning per this interval, carrying the count since the last. */
  static final long ACCEPT_WARNING_INTERVAL_MILLIS = 1000;

  /**
   * Refused connections that may linger (answered, waiting for the client's EOF) at once; each
   * holds a descriptor for up to {@link LingeringClose#LINGER_MILLIS}. Past this, a refused
   * connection is closed at once, unanswered: under a flood, the answer is not worth the
   * descriptors.
   */
  static final int MAX_LINGERING = 64;

  private final EventLoopGroup group;
  private final EventLoop acceptLoop;
  private final ServerSocketChannel server;
  private final Supplier<? extends ChannelHandler> handlers;
  private final Predicate<InetSocketAddress> acceptFilter;
  private final int maxConnections;
  private final TlsConfig tls;
  /** Read-only; written (a duplicate) to connections over the limit. Null: close unanswered. */
  private final ByteBuffer refusal;
  private final InetSocketAddress localAddress;
  private final AtomicInteger connections = new AtomicInteger();
  /** Every channel's close hook: one shared object rather than a method reference per channel. */
  private final Runnable channelClosed = connections::decrementAndGet;
  private final Acceptor acceptor;
  /** Loop thread only. */
  private SelectionKey key;
  /** Refused connections now lingering; accept loop only. */
  private int lingering;
  /** Every lingering close's end: one shared object. Accept loop only. */
  private final Runnable lingeringClosed = () -> lingering--;

  private TcpServer(Builder b, ServerSocketChannel server) throws IOException {
    this.group = b.group;
    this.acceptLoop = b.group.next();
    this.server = server;
    this.handlers = b.handlers;
    this.acceptFilter = b.acceptFilter;
    this.maxConnections = b.maxConnections;
    this.tls = b.tls;
    // Under TLS the client's first bytes start a handshake: plain bytes would only garble it.
    this.refusal = b.tls == null ? b.refusal : null;
    server.configureBlocking(false);
    this.localAddress = (InetSocketAddress) server.getLocalAddress();
    this.acceptor = new Acceptor();
    acceptLoop.execute(acceptor::register);
  }

  /**
   * Starts building a server whose loops come from {@code group} and whose accepted connections
   * each get a handler from {@code handlers} (called on the accepting loop).
   */
  public static Builder builder(EventLoopGroup group, Supplier<? extends ChannelHandler> handlers) {
    return new Builder(group, handlers);
  }

  /** Returns the bound address; with port 0 at bind time, the port the system chose. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Returns the number of live connections (accepted or adopted, not yet closed). */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * Takes over a connection accepted elsewhere (for instance by another server that read an HTTP
   * request on it), on the group's next loop, with this server's TLS settings. {@code
   * alreadyRead} (may be null) holds bytes already read from the socket; they are copied before
   * this returns and delivered as the first {@code onRead} (under TLS: fed to the engine as
   * ciphertext). The connection counts toward {@link #connectionCount()} but bypasses the accept
   * filter and limit: it was already accepted.
   */
  public void adopt(SocketChannel accepted, ByteBuffer alreadyRead, ChannelHandler handler) {
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(handler, "handler");
    ByteBuffer copy = null;
    if (alreadyRead != null && alreadyRead.hasRemaining()) {
      copy = ByteBuffer.allocate(alreadyRead.remaining()).put(alreadyRead.duplicate()).flip();
    }
    connections.incrementAndGet();
    dispatch(accepted, handler, copy);
  }

  /**
   * Stops accepting and closes the listening socket. Open connections are not affected; shut the
   * group down to close them.
   */
  @Override
  public void close() {
    acceptLoop.runOnLoop(acceptor::stop);
  }

  private void dispatch(SocketChannel socket, ChannelHandler handler, ByteBuffer preRead) {
    EventLoop loop = group.next();
    try {
      loop.execute(() -> startChannel(loop, socket, handler, preRead));
    } catch (RejectedExecutionException e) {
      connections.decrementAndGet();
      closeQuietly(socket);
    }
  }

  private void startChannel(
      EventLoop loop, SocketChannel socket, ChannelHandler handler, ByteBuffer preRead) {
    Channel channel;
    try {
      channel =
          new Channel(
              loop,
              socket,
              handler,
              tls == null ? null : tls.newEngine(null, 0),
              tls == null ? null : tls.handshakeTimeout(),
              null,
              channelClosed);
    } catch (IOException | RuntimeException e) {
      LOG.log(DEBUG, "dropping connection that failed at start", e);
      connections.decrementAndGet();
      closeQuietly(socket);
      return;
    }
    channel.start(null, preRead);
  }

  private void admit(SocketChannel socket) {
    InetSocketAddress remote;
    try {
      remote = (InetSocketAddress) socket.getRemoteAddress();
    } catch (IOException e) {
      closeQuietly(socket);
      return;
    }
    boolean allowed;
    try {
      allowed = acceptFilter.test(remote);
    } catch (RuntimeException e) {
      LOG.log(WARNING, "accept filter failed; refusing " + remote, e);
      allowed = false;
    }
    if (!allowed) {
      closeQuietly(socket);
      return;
    }
    if (connections.incrementAndGet() > maxConnections) {
      connections.decrementAndGet();
      LOG.log(DEBUG, "connection limit reached; refusing " + remote);
      refuse(socket);
      return;
    }
    ChannelHandler handler;
    try {
      handler = Objects.requireNonNull(handlers.get(), "handler factory returned null");
    } catch (RuntimeException e) {
      LOG.log(WARNING, "handler factory failed; refusing " + remote, e);
      connections.decrementAndGet();
      closeQuietly(socket);
      return;
    }
    dispatch(socket, handler, null);
  }

  /**
   * Answers a connection over the limit with the refusal bytes and closes it gracefully, or closes
   * it at once when there are none or too many refused connections linger already. Accept loop.
   */
  private void refuse(SocketChannel socket) {
    if (refusal == null || lingering >= MAX_LINGERING) {
      closeQuietly(socket);
      return;
    }
    lingering++;
    LingeringClose.start(acceptLoop, socket, refusal.duplicate(), lingeringClosed);
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(DEBUG, "closing refused socket", e);
    }
  }

  /**
   * The listening socket's selector attachment. Loop thread only (the accepting loop).
   *
   * <p>When {@code accept} fails (out of descriptors, typically), the connection stays in the
   * kernel's backlog and the socket stays ready, so retrying at the next select would spin. So
   * accepting pauses: the key's interest drops to none and a timer re-arms it, after a backoff
   * that doubles from {@link #MIN_ACCEPT_BACKOFF_MILLIS} to {@link #MAX_ACCEPT_BACKOFF_MILLIS}
   * and is reset by an accept that succeeds. Failures are reported by a {@link RateLimitedLog}.
   */
  private final class Acceptor implements Selectable {
    private final RateLimitedLog failures =
        new RateLimitedLog(
            LOG,
            WARNING,
            "accept failed on " + localAddress,
            ACCEPT_WARNING_INTERVAL_MILLIS,
            TimeUnit.MILLISECONDS,
            acceptLoop.clock());
    /** Made once: every backoff schedules the same task. */
    private final Runnable rearm = this::rearm;
    /** The pause of the last backoff; 0 after a successful accept. */
    private long backoffMillis;
    private TimerHandle rearmTimer;
    private boolean stopped;

    void register() {
      if (stopped) {
        return;
      }
      try {
        key = acceptLoop.register(server, SelectionKey.OP_ACCEPT, this);
      } catch (IOException e) {
        LOG.log(WARNING, "cannot listen on " + localAddress, e);
      }
    }

    void stop() {
      stopped = true;
      if (rearmTimer != null) {
        rearmTimer.cancel();
        rearmTimer = null;
      }
      if (key != null) {
        key.cancel();
      }
      try {
        server.close();
      } catch (IOException e) {
        LOG.log(DEBUG, "closing server socket", e);
      }
    }

    @Override
    public void onReady(int readyOps) {
      for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
        SocketChannel socket;
        try {
          socket = server.accept();
        } catch (IOException e) {
          failures.count(e.getMessage());
          backOff();
          return;
        }
        if (socket == null) {
          return;
        }
        backoffMillis = 0;
        admit(socket);
      }
    }

    /** Stops accepting for the next backoff step; a timer re-arms it. */
    private void backOff() {
      if (stopped || key == null || !key.isValid()) {
        return;
      }
      backoffMillis =
          backoffMillis == 0
              ? MIN_ACCEPT_BACKOFF_MILLIS
              : Math.min(backoffMillis * 2, MAX_ACCEPT_BACKOFF_MILLIS);
      // Timer first: should scheduling fail, the key stays armed (retries spin, but accept
      // resumes) instead of being paused with nothing to re-arm it.
      rearmTimer = acceptLoop.schedule(rearm, backoffMillis, TimeUnit.MILLISECONDS);
      key.interestOps(0);
    }

    /** The backoff timer: accept again, unless the server was closed meanwhile. */
    private void rearm() {
      rearmTimer = null;
      if (stopped || key == null || !key.isValid() || !server.isOpen()) {
        return;
      }
      key.interestOps(SelectionKey.OP_ACCEPT);
    }

    @Override
    public void onLoopShutdown(boolean force) {
      stop();
    }
  }

  /** Not thread-safe: collects a server's settings; one builder builds one server. */
  public static final class Builder {
    private final EventLoopGroup group;
    private final Supplier<? extends ChannelHandler> handlers;
    private Predicate<InetSocketAddress> acceptFilter = address -> true;
    private int maxConnections = Integer.MAX_VALUE;
    private TlsConfig tls;
    private ByteBuffer refusal;
    private int backlog = DEFAULT_BACKLOG;

    private Builder(EventLoopGroup group, Supplier<? extends ChannelHandler> handlers) {
      this.group = Objects.requireNonNull(group, "group");
      this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    /**
     * Refuses connections whose remote address fails {@code filter}: they are closed right after
     * accept, before any handler exists. Runs on the accepting loop; must not block.
     */
    public Builder acceptFilter(Predicate<InetSocketAddress> filter) {
      this.acceptFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Refuses new connections while {@code max} connections are live: each is closed at once, or
     * first answered with the {@link #refusal} bytes if there are any. Refused connections never
     * reach a handler and never count toward {@link TcpServer#connectionCount()}.
     */
    public Builder maxConnections(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max must not be negative: " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Answers connections refused by {@link #maxConnections} with {@code bytes} (the remaining
     * ones, copied now), for instance an HTTP 503, instead of closing them unanswered. The answer
     * is written in one non-blocking write (keep it small: what the socket does not take at once
     * is dropped, never queued), then the output is shut down and the socket lingers on the
     * accepting loop, discarding input, until the client closes or about 1.5 s pass, so the client
     * gets to read the answer rather than a reset. At most 64 refused connections linger at once;
     * past that they are closed unanswered. The {@link #acceptFilter}'s refusals stay a plain
     * close. Ignored under {@link #tls}: the bytes would garble the client's handshake. Null or
     * empty: no answer (the default).
     */
    public Builder refusal(ByteBuffer bytes) {
      if (bytes == null || !bytes.hasRemaining()) {
        this.refusal = null;
      } else {
        ByteBuffer copy = ByteBuffer.allocateDirect(bytes.remaining());
        copy.put(bytes.duplicate()).flip();
        this.refusal = copy.asReadOnlyBuffer();
      }
      return this;
    }

    /** Serves TLS with these settings (must be server settings). */
    public Builder tls(TlsConfig config) {
      if (config.isClient()) {
        throw new IllegalArgumentException("server needs TlsConfig.server(...)");
      }
      this.tls = config;
      return this;
    }

    /** Sets the listen backlog for {@link #bind}. */
    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /**
     * Opens a listening socket on {@code address} (port 0: any free port) and starts accepting.
     *
     * @throws IOException if the socket cannot be opened or bound (the address is in use, ...)
     */
    public TcpServer bind(InetSocketAddress address) throws IOException {
      ServerSocketChannel server = ServerSocketChannel.open();
      try {
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, backlog);
        return new TcpServer(this, server);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    }

    /**
     * Accepts on a socket the caller already bound (socket activation); the server takes
     * ownership and closes it on {@link TcpServer#close()}.
     *
     * @throws IOException if the channel cannot be made non-blocking or its address read
     */
    public TcpServer listen(ServerSocketChannel bound) throws IOException {
      if (bound.getLocalAddress() == null) {
        throw new IllegalArgumentException("server socket is not bound");
      }
      return new TcpServer(this, bound);
    }
  }
}
