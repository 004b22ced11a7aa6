package io.sockjet.internal;

import io.sockjet.transport.EventLoopGroup;
import io.sockjet.transport.TcpServer;
import io.sockjet.transport.TlsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** How a server's listener is set up on the transport: what each accepted socket starts with. */
public final class ServerListen {
  private ServerListen() {}

  /**
   * The transport's server for {@code context}: an {@link UpgradeHandler} per socket, the accept
   * filter (null for none), the connection limit (0 for none; over it, a 503 written once for
   * all), and TLS when {@code ssl} is not null, its handshake bounded by {@code handshakeTimeout}.
   */
  public static TcpServer.Builder builder(EventLoopGroup group, ServerContext context,
      Predicate<InetSocketAddress> acceptFilter, int maxConnections, SSLContext ssl,
      Consumer<SSLParameters> sslParameters, Duration handshakeTimeout) {
    TcpServer.Builder tb = TcpServer.builder(group, () -> new UpgradeHandler(context));
    if (acceptFilter != null) {
      tb.acceptFilter(acceptFilter);
    }
    if (maxConnections > 0) {
      // Once per server; the transport copies the bytes. Under TLS it closes unanswered instead.
      tb.maxConnections(maxConnections).refusal(UpgradeHandler.serverBusy());
    }
    if (ssl != null) {
      TlsConfig tls = TlsConfig.server(ssl);
      if (sslParameters != null) {
        tls = tls.withParameters(sslParameters);
      }
      tb.tls(tls.withHandshakeTimeout(handshakeTimeout));
    }
    return tb;
  }
}
