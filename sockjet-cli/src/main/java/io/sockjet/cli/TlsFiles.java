package io.sockjet.cli;

import io.sockjet.ServerTls;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --tls-cert} and {@code --tls-key}: PEM files that turn the server into wss:// (picocli
 * requires both once either is given). Filled by picocli, read once.
 */
final class TlsFiles {
  @Option(names = "--tls-cert", paramLabel = "FILE", required = true,
      description = "PEM certificate chain: the server's certificate first, then intermediates.")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "FILE", required = true,
      description = "PEM private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY); convert others "
          + "with openssl pkcs8 -topk8 -nocrypt.")
  Path key;

  /**
   * The server identity these files make, checked once a minute for a renewal (certbot and other
   * ACME clients replace the files in place); a {@link CliFailure} says what is wrong with them.
   */
  ServerTls tls() {
    try {
      return ServerTls.fromPem(cert, key).reloadWhenChanged(Duration.ofMinutes(1));
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), e);
    }
  }
}
