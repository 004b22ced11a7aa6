package io.sockjet.cli;

import io.sockjet.WebSocketClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every client command shares ({@code connect}, {@code bench}), as a picocli mixin:
 * request headers, subprotocols, TLS trust, proxy and connect timeout. Not thread-safe; filled
 * by picocli, then read once by {@link #configure}.
 */
final class ClientOptions {
  @picocli.CommandLine.Mixin
  CompressOptions compress = new CompressOptions();


  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
      description = "Adds a request header to the upgrade request; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-s", "--subprotocol"}, paramLabel = "NAME",
      description = "Offers a subprotocol (most preferred first); repeatable.")
  List<String> subprotocols = new ArrayList<>();

  @Option(names = {"-k", "--insecure"},
      description = "Trusts any server certificate and skips host name verification (wss:// to "
          + "test servers only; prints a warning).")
  boolean insecure;

  @Option(names = "--proxy", paramLabel = "http://[USER:PASSWORD@]HOST:PORT",
      description = "Connects through an HTTP proxy (CONNECT), with Basic credentials if given.")
  String proxy;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Bounds DNS, TCP, proxy, TLS and the upgrade together, e.g. 500ms, 10s "
          + "(default: 10s).")
  Duration connectTimeout = Duration.ofSeconds(10);

  /**
   * Applies the options to {@code builder}, warning on {@code err} for {@code --insecure}.
   *
   * @throws IllegalArgumentException with a message for the user when an option's value is bad
   */
  WebSocketClient.Builder configure(WebSocketClient.Builder builder, PrintStream err) {
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--header: expected 'Name: value', got '" + header + "'");
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      try {
        builder.header(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--header '" + header + "': " + e.getMessage(), e);
      }
    }
    try {
      builder.subprotocols(subprotocols.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--subprotocol: " + e.getMessage(), e);
    }
    if (insecure) {
      err.println("sockjet: warning: --insecure: any certificate is trusted and host names are "
          + "not checked, so anyone on the network path can read and change this connection");
      builder.sslContext(TrustAnyCertificate.context()).hostnameVerification(false);
    }
    if (proxy != null) {
      ProxyAddress p = ProxyAddress.parse(proxy);
      if (p.user() == null) {
        builder.proxy(p.host(), p.port());
      } else {
        builder.proxy(p.host(), p.port(), p.user(), p.password());
      }
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("--connect-timeout must be positive");
    }
    builder.compression(compress.compression());
    return builder.connectTimeout(connectTimeout);
  }
}
