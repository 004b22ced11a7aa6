package io.sockjet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Stateless: the client's TLS context from PEM files, for {@code connect --ca}, {@code --cert}
 * and {@code --key}. Certificates are read by the JDK's own X.509 factory, which takes PEM; the
 * key must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), as for {@code serve --tls-key}.
 * The library reads PEM for servers only ({@code ServerTls.fromPem}), hence this small reader.
 */
final class ClientTlsFiles {
  /** A password for the in-memory key store only: the JDK's key manager wants one. */
  private static final char[] IN_MEMORY = "sockjet".toCharArray();

  private ClientTlsFiles() {}

  /**
   * A context trusting the CAs in {@code ca} (the JVM's own when null) and presenting the chain
   * in {@code cert} with {@code key} (none when null).
   *
   * @throws CliFailure when a file is missing or not what it should be
   */
  static SSLContext context(Path ca, Path cert, Path key) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (ca == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore cas = emptyStore();
        int i = 0;
        for (Certificate c : certificates(ca, "--ca")) {
          cas.setCertificateEntry("ca-" + i++, c);
        }
        trust.init(cas);
      }
      KeyManagerFactory keys = null;
      if (cert != null) {
        KeyStore mine = emptyStore();
        mine.setKeyEntry("client", privateKey(key),
            IN_MEMORY, certificates(cert, "--cert").toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(mine, IN_MEMORY);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new CliFailure("TLS files: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e); // cannot happen for an empty store
    }
    return store;
  }

  private static List<Certificate> certificates(Path file, String option) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (all.isEmpty()) {
        throw new CliFailure(option + ": no certificate in " + file);
      }
      return List.copyOf(all);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot read " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new CliFailure(option + ": " + file + " holds no PEM certificate: " + e.getMessage(),
          e);
    }
  }

  /** The PKCS#8 key in {@code file}, whichever its algorithm (RSA, EC, EdDSA). */
  private static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CliFailure("--key: cannot read " + file + ": " + e.getMessage(), e);
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new CliFailure("--key: " + file + " is not an unencrypted PKCS#8 key (BEGIN PRIVATE "
          + "KEY); openssl pkcs8 -topk8 -nocrypt converts others");
    }
    byte[] der = Base64.getMimeDecoder()
        .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    for (String algorithm : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new CliFailure("--key: " + file + ": not an RSA, EC or EdDSA key");
  }
}
