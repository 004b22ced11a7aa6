package io.sockjet.cli;

import io.sockjet.WebSocketClient;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of {@code connect} alone (not {@code bench}'s): keepalive and ping round trips,
 * TLS files, limits, reconnecting and the output format. A picocli mixin; filled by picocli, then
 * read on the command's thread.
 */
final class ConnectOptions {
  @Option(names = "--ping-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Keepalive: pings the server after this long without a frame from it; 0 "
          + "for none (default: 20s). With --print-ping-rtts, pings this often regardless.")
  Duration pingInterval = Duration.ofSeconds(20);

  @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Drops the connection when nothing comes this long after a keepalive ping "
          + "(default: 20s).")
  Duration pingTimeout = Duration.ofSeconds(20);

  @Option(names = "--print-ping-rtts",
      description = "Pings every --ping-interval and prints each round trip time on stderr.")
  boolean printPingRtts;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "Trusts the CA certificates in this PEM file (instead of the JVM's).")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "A client certificate chain (PEM), for servers that ask for one; with --key.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE",
      description = "The client certificate's private key (PEM, unencrypted PKCS#8).")
  Path key;

  @Option(names = "--reconnect",
      description = "Connects again whenever the connection ends or an attempt fails, waiting "
          + "0.5s and doubling up to 30s (with jitter); lines typed meanwhile are lost. End of "
          + "input or Ctrl-C stops.")
  boolean reconnect;

  @Option(names = "--max-message", paramLabel = "SIZE", converter = ByteSize.class,
      description = "Largest message the server may send; over it we close with 1009 (default: "
          + "64M).")
  Long maxMessage;

  @Option(names = "--max-fragments", paramLabel = "N",
      description = "Most frames in one message; over it: 1009 (default: 16384; the Autobahn "
          + "cases 9.3.x and 9.4.x send 65536).")
  Integer maxFragments;

  @Option(names = "--jsonl",
      description = "Prints each message as one JSON object: {\"type\":\"text\"|\"binary\","
          + "\"size\":BYTES,\"time\":ISO-8601,\"text\":... or \"base64\":...}.")
  boolean jsonl;

  /**
   * Applies the keepalive, limits and TLS files to {@code builder}.
   *
   * @throws IllegalArgumentException with a message for the user when a value is bad
   */
  void configure(WebSocketClient.Builder builder, boolean insecure) {
    if (pingInterval.isNegative() || pingTimeout.isNegative() || pingTimeout.isZero()) {
      throw new IllegalArgumentException("--ping-interval must be 0 or more, --ping-timeout more");
    }
    if (pingInterval.isZero()) {
      if (printPingRtts) {
        throw new IllegalArgumentException("--print-ping-rtts needs a --ping-interval");
      }
      builder.noKeepalive();
    } else {
      builder.keepalive(pingInterval, pingTimeout);
    }
    if (maxMessage != null) {
      if (maxMessage <= 0) {
        throw new IllegalArgumentException("--max-message must be more than 0");
      }
      builder.maxMessageSize(maxMessage);
    }
    if (maxFragments != null) {
      if (maxFragments <= 0) {
        throw new IllegalArgumentException("--max-fragments must be more than 0");
      }
      builder.maxFragments(maxFragments);
    }
    if (ca != null || cert != null || key != null) {
      if (insecure) {
        throw new IllegalArgumentException("--insecure trusts anything: not with --ca, --cert");
      }
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("--cert and --key go together");
      }
      builder.sslContext(ClientTlsFiles.context(ca, cert, key));
    }
  }
}
