package io.sockjet.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: opens client connections. Resolution runs off the loop; connecting, the TLS
 * handshake and the channel's life run on the given loop.
 *
 * <p>Failures complete the future exceptionally with: {@link UnknownHostException} (name not
 * resolved), {@link java.net.ConnectException} (refused), {@link SocketTimeoutException} (the
 * timeout passed), {@link javax.net.ssl.SSLHandshakeException} (certificate or host name
 * rejected, or no common parameters), or another {@link IOException} from the socket.
 */
public final class TcpConnector {
  /**
   * Threads that resolve host names by default. {@code InetAddress.getByName} blocks, so it must
   * not run on a loop; four threads are plenty for a client that mostly connects to a few hosts,
   * and idle threads end after 30 seconds so an idle client holds none. They are daemons: a
   * pending lookup must not keep the JVM alive.
   */
  private static final int RESOLVER_THREADS = 4;

  private static final ExecutorService DEFAULT_RESOLVER = newResolver();

  private TcpConnector() {}

  /**
   * Connects with the default resolver (a small pool of daemon threads, see above); see {@link
   * #connect(String, int, Duration, ChannelHandler, EventLoop, TlsConfig, Executor)}.
   */
  public static CompletableFuture<Channel> connect(
      String host,
      int port,
      Duration timeout,
      ChannelHandler handler,
      EventLoop loop,
      TlsConfig tlsOrNull) {
    return connect(host, port, timeout, handler, loop, tlsOrNull, DEFAULT_RESOLVER, null);
  }

  /**
   * Connects to {@code host:port} on {@code loop}. {@code resolver} runs the blocking name
   * lookup. {@code timeout} bounds lookup, TCP connect and TLS handshake together. The future
   * completes on the loop, after {@code handler.onOpen}; a channel that fails before then reports
   * nothing to {@code handler}.
   *
   * @param tlsOrNull client TLS settings ({@link TlsConfig#client}), or null for plain TCP; the
   *     server's certificate is checked against {@code host} unless verification is switched off
   */
  public static CompletableFuture<Channel> connect(
      String host,
      int port,
      Duration timeout,
      ChannelHandler handler,
      EventLoop loop,
      TlsConfig tlsOrNull,
      Executor resolver) {
    Objects.requireNonNull(resolver, "resolver");
    return connect(host, port, timeout, handler, loop, tlsOrNull, resolver, null);
  }

  /**
   * Connects as {@link #connect(String, int, Duration, ChannelHandler, EventLoop, TlsConfig,
   * Executor)} does, then, before the channel starts, runs {@code tunnelOrNull}'s exchange on the
   * raw connection (an HTTP CONNECT to a proxy at {@code host:port}). TLS, if any, starts after
   * it and verifies {@link Tunnel#targetHost()}. {@code timeout} bounds the exchange too; an
   * {@link IOException} thrown by the tunnel fails the future, and the peer closing the
   * connection during the exchange fails it with {@link java.io.EOFException}. A null {@code
   * resolver} means the default one.
   */
  public static CompletableFuture<Channel> connect(
      String host,
      int port,
      Duration timeout,
      ChannelHandler handler,
      EventLoop loop,
      TlsConfig tlsOrNull,
      Executor resolver,
      Tunnel tunnelOrNull) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(loop, "loop");
    if (resolver == null) {
      resolver = DEFAULT_RESOLVER;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (tlsOrNull != null && !tlsOrNull.isClient()) {
      throw new IllegalArgumentException("connect needs TlsConfig.client(...)");
    }
    Attempt attempt = new Attempt(host, port, timeout, handler, loop, tlsOrNull, tunnelOrNull);
    try {
      attempt.start(resolver);
    } catch (RejectedExecutionException e) {
      attempt.result.completeExceptionally(e);
    }
    return attempt.result;
  }

  private static ExecutorService newResolver() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            RESOLVER_THREADS,
            RESOLVER_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "sockjet-resolver-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Not thread-safe after resolution; confined to the loop: one connection attempt, attached to
   * the socket's key until the connect completes and a {@link Channel} takes the key over.
   */
  private static final class Attempt implements Selectable {
    private final String host;
    private final int port;
    private final Duration timeout;
    private final ChannelHandler handler;
    private final EventLoop loop;
    private final TlsConfig tls;
    private final Tunnel tunnel;
    final CompletableFuture<Channel> result = new CompletableFuture<>();
    // Loop thread only.
    private SocketChannel socket;
    private SelectionKey key;
    private Channel channel;
    private boolean connected;
    /** The tunnel request still to write; null before the exchange and once it is written. */
    private ByteBuffer tunnelOut;

    Attempt(
        String host,
        int port,
        Duration timeout,
        ChannelHandler handler,
        EventLoop loop,
        TlsConfig tls,
        Tunnel tunnel) {
      this.host = host;
      this.tunnel = tunnel;
      this.port = port;
      this.timeout = timeout;
      this.handler = handler;
      this.loop = loop;
      this.tls = tls;
    }

    void start(Executor resolver) {
      TimerHandle timer = loop.schedule(this::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
      result.whenComplete((c, e) -> timer.cancel());
      CompletableFuture.supplyAsync(this::resolve, resolver)
          .whenComplete(
              (address, error) -> {
                try {
                  loop.execute(
                      () -> {
                        if (error != null) {
                          fail(unwrap(error));
                        } else {
                          connect(address);
                        }
                      });
                } catch (RejectedExecutionException e) {
                  result.completeExceptionally(e);
                }
              });
    }

    private InetAddress resolve() {
      try {
        return InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new CompletionException(e);
      }
    }

    private void connect(InetAddress address) {
      if (result.isDone()) {
        return; // timed out while resolving
      }
      try {
        socket = SocketChannel.open();
        socket.configureBlocking(false);
        if (socket.connect(new InetSocketAddress(address, port))) {
          onConnected();
        } else {
          key = loop.register(socket, SelectionKey.OP_CONNECT, this);
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    private void onConnected() throws IOException {
      connected = true;
      if (tunnel == null) {
        startChannel(null);
        return;
      }
      if (key == null) {
        key = loop.register(socket, 0, this);
      }
      tunnelOut = tunnel.request();
      writeTunnel();
    }

    /** Writes what the socket takes of the tunnel request; reads the answer once it is all sent. */
    private void writeTunnel() throws IOException {
      socket.write(tunnelOut);
      if (tunnelOut.hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
      } else {
        tunnelOut = null;
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    /** Reads the tunnel's answer; starts the channel with what follows it once established. */
    private void readTunnel() throws IOException {
      // Small: a proxy's answer is a short head, and what follows it is kept by the channel.
      ByteBuffer in = ByteBuffer.allocate(4096);
      int n = socket.read(in);
      if (n < 0) {
        throw new java.io.EOFException("connection closed during the tunnel exchange");
      }
      in.flip();
      if (n > 0 && tunnel.onResponse(in)) {
        key.interestOps(0);
        startChannel(in.hasRemaining() ? in : null);
      }
    }

    private void startChannel(ByteBuffer preRead) throws IOException {
      String tlsHost = tunnel == null ? host : tunnel.targetHost();
      int tlsPort = tunnel == null ? port : tunnel.targetPort();
      channel =
          new Channel(
              loop,
              socket,
              handler,
              tls == null ? null : tls.newEngine(tlsHost, tlsPort),
              tls == null ? null : tls.handshakeTimeout(),
              result,
              null);
      channel.start(key, preRead);
    }

    @Override
    public void onReady(int readyOps) {
      try {
        if (result.isDone()) {
          return; // timed out or failed meanwhile
        }
        if (!connected) {
          if (socket.finishConnect()) {
            key.interestOps(0);
            onConnected();
          }
        } else if (tunnelOut != null) {
          writeTunnel();
        } else {
          readTunnel();
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    private void onTimeout() {
      SocketTimeoutException e =
          new SocketTimeoutException(
              "connect to " + host + ":" + port + " timed out after " + timeout);
      if (channel != null) {
        channel.closeNow(e); // fails the result if the channel has not opened yet
      } else {
        fail(e);
      }
    }

    private void fail(Throwable e) {
      if (key != null) {
        key.cancel();
      }
      if (socket != null && channel == null) {
        try {
          socket.close();
        } catch (IOException closeError) {
          e.addSuppressed(closeError);
        }
      }
      result.completeExceptionally(e);
    }

    @Override
    public void onLoopShutdown(boolean force) {
      fail(new ClosedChannelException());
    }

    @Override
    public void onFault(Throwable fault) {
      fail(fault);
    }

    private static Throwable unwrap(Throwable t) {
      return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
  }
}
