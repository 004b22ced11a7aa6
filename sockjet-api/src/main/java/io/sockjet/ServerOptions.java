package io.sockjet;

import io.sockjet.protocol.http.HeadLimits;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What a server decides before a connection is a WebSocket: where it listens, TLS, the HTTP
 * phase's limits and hooks, and what its own endpoint accepts (the handshake hook, subprotocols
 * and origins of every path no {@link Route} takes). {@link WebSocketServer.Builder} extends it.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class ServerOptions<B extends ServerOptions<B>> extends LoopOptions<B> {
  String host = "0.0.0.0";
  int port;
  ServerSocketChannel boundChannel;
  SSLContext sslContext;
  ServerTls serverTls; // when the context came from PEM files
  java.util.function.Consumer<SSLParameters> sslParameters;
  HandshakeHandler handshakeHandler = HandshakeHandler.sync(r -> HandshakeResponse.accept());
  HttpHandler httpHandler;
  List<String> subprotocols = List.of();
  Set<String> allowedOrigins = Set.of();
  int maxHeadBytes = HeadLimits.DEFAULTS.maxHeadBytes();
  int maxHeaders = HeadLimits.DEFAULTS.maxHeaders();
  Duration handshakeTimeout = Duration.ofSeconds(10);
  int maxConnections;
  Predicate<InetSocketAddress> acceptFilter;

  ServerOptions() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The interface to listen on (default all: "0.0.0.0"; "::" for all IPv6). */
  public B host(String host) {
    this.host = Objects.requireNonNull(host);
    return self();
  }

  /** The port to listen on; 0 (the default) lets the system pick ({@link WebSocketServer#port()} tells). */
  public B port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    return self();
  }

  /** Listens on a socket the caller already opened and bound (socket activation). */
  public B channel(ServerSocketChannel bound) {
    this.boundChannel = Objects.requireNonNull(bound);
    return self();
  }

  /** Serves wss:// with this context's certificate. */
  public B tls(SSLContext context) {
    this.sslContext = Objects.requireNonNull(context);
    this.serverTls = null;
    return self();
  }

  /**
   * Serves wss:// with {@code tls}'s certificate, from PEM files; the server checks them for a
   * renewal as {@link ServerTls#reloadWhenChanged} says.
   */
  public B tls(ServerTls tls) {
    this.sslContext = tls.context();
    this.serverTls = tls;
    return self();
  }

  /** Serves wss:// and customises each engine's parameters (protocols, ciphers, client auth). */
  public B tls(SSLContext context, java.util.function.Consumer<SSLParameters> parameters) {
    this.serverTls = null;
    this.sslContext = Objects.requireNonNull(context);
    this.sslParameters = parameters;
    return self();
  }

  /** The handshake hook (default: accept everything). */
  public B handshake(HandshakeHandler handler) {
    this.handshakeHandler = Objects.requireNonNull(handler);
    return self();
  }

  /** Answers plain HTTP requests (default: 426 Upgrade Required). */
  public B httpHandler(HttpHandler handler) {
    this.httpHandler = handler;
    return self();
  }

  /** Subprotocols the server speaks, most preferred first; the first one the client offers wins. */
  public B subprotocols(String... protocols) {
    this.subprotocols = List.of(protocols);
    return self();
  }

  /** Accepts only these Origin values (403 otherwise); default: any origin. */
  public B allowedOrigins(String... origins) {
    this.allowedOrigins = Set.of(origins);
    return self();
  }

  /** The largest request head (431 above it; default 8 KiB). */
  public B maxHeadBytes(int bytes) {
    this.maxHeadBytes = bytes;
    return self();
  }

  /** The most request headers (431 above it; default 100). */
  public B maxHeaders(int count) {
    this.maxHeaders = count;
    return self();
  }

  /** How long a client has to send its whole upgrade request (default 10 s; slowloris). */
  public B handshakeTimeout(Duration timeout) {
    this.handshakeTimeout = Objects.requireNonNull(timeout);
    return self();
  }

  /**
   * Refuses new connections at accept while this many are live (default unlimited): each is
   * answered {@code 503 Service Unavailable} with {@code Retry-After: 1} (over plain TCP; a TLS
   * connection is closed unanswered) and closed, without reaching the upgrade hook or counting
   * as a connection.
   */
  public B maxConnections(int max) {
    this.maxConnections = max;
    return self();
  }

  /** Refuses connections whose address fails the filter, right at accept. */
  public B acceptFilter(Predicate<InetSocketAddress> filter) {
    this.acceptFilter = filter;
    return self();
  }
}
