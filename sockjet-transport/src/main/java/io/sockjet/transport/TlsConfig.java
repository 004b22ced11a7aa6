package io.sockjet.transport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Immutable and thread-safe: TLS settings for one side of a connection, built from a user-supplied
 * {@link SSLContext}.
 *
 * <p>Client settings verify the server's certificate against the host name given to {@link
 * TcpConnector#connect} (endpoint identification "HTTPS") and send it as SNI, unless switched
 * off. Delegated tasks of the {@link SSLEngine} (certificate checks, key exchange) run inline on
 * the channel's loop; they are CPU-bound and short, and running them there keeps the handshake
 * confined to one thread.
 */
public final class TlsConfig {
  /**
   * Default bound on a handshake. Ten seconds covers a slow mobile round trip several times over
   * and limits how long a silent client can hold a socket and an engine on the server.
   */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final SSLContext context;
  private final boolean clientMode;
  private final boolean hostnameVerification;
  private final Consumer<SSLParameters> customizer;
  private final Duration handshakeTimeout;

  private TlsConfig(
      SSLContext context,
      boolean clientMode,
      boolean hostnameVerification,
      Consumer<SSLParameters> customizer,
      Duration handshakeTimeout) {
    this.context = Objects.requireNonNull(context, "context");
    this.clientMode = clientMode;
    this.hostnameVerification = hostnameVerification;
    this.customizer = customizer;
    this.handshakeTimeout = handshakeTimeout;
  }

  /** Server settings: the context must hold the server's key and certificate. */
  public static TlsConfig server(SSLContext context) {
    return new TlsConfig(context, false, false, p -> {}, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Client settings with host name verification on. */
  public static TlsConfig client(SSLContext context) {
    return new TlsConfig(context, true, true, p -> {}, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Returns a copy with host name verification (client only) switched on or off. */
  public TlsConfig withHostnameVerification(boolean on) {
    return new TlsConfig(context, clientMode, on, customizer, handshakeTimeout);
  }

  /**
   * Returns a copy that lets {@code customizer} adjust each engine's parameters (protocols,
   * cipher suites, ALPN, client authentication) after Sockjet has set its own.
   */
  public TlsConfig withParameters(Consumer<SSLParameters> customizer) {
    return new TlsConfig(
        context, clientMode, hostnameVerification, Objects.requireNonNull(customizer), handshakeTimeout);
  }

  /** Returns a copy with another handshake bound (servers; a client's connect timeout bounds it too). */
  public TlsConfig withHandshakeTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new TlsConfig(context, clientMode, hostnameVerification, customizer, timeout);
  }

  /** Returns true for client settings. */
  public boolean isClient() {
    return clientMode;
  }

  /** Returns whether the client verifies the server's host name. */
  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** Returns the handshake bound. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Creates an engine for one connection; {@code peerHost} is null on the server side. */
  SSLEngine newEngine(String peerHost, int peerPort) {
    SSLEngine engine =
        peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(clientMode);
    SSLParameters params = engine.getSSLParameters();
    if (clientMode) {
      if (hostnameVerification) {
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (peerHost != null && !isIpLiteral(peerHost)) {
        params.setServerNames(List.of(new SNIHostName(peerHost)));
      }
    }
    customizer.accept(params);
    engine.setSSLParameters(params);
    return engine;
  }

  /** RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName." */
  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }
}
