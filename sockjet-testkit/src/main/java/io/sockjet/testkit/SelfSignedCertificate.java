package io.sockjet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Immutable and thread-safe once generated: a self-signed certificate and key made by the
 * running JDK's {@code keytool}, with a server {@link SSLContext} that presents it and a client
 * one that trusts exactly it. For tests only.
 *
 * <p>{@code SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1")} names the
 * subject alternative names, in keytool's {@code -ext SAN=} syntax.
 */
public final class SelfSignedCertificate {
  /** Key store password: the store lives in a temporary file deleted after loading. */
  private static final char[] PASSWORD = "sockjet-test".toCharArray();

  /** keytool needs well under a second for an EC key; a minute covers a loaded CI machine. */
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final KeyStore keyStore;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyStore keyStore, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.certificate = certificate;
  }

  /**
   * Generates an EC P-256 key and a certificate valid for two days, with subject {@code
   * CN=<first name>} and the given subject alternative names (e.g. {@code "dns:localhost"},
   * {@code "ip:127.0.0.1"}, {@code "ip:::1"}).
   */
  public static SelfSignedCertificate generate(String... subjectAltNames) {
    if (subjectAltNames.length == 0) {
      throw new IllegalArgumentException("need at least one subject alternative name");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("sockjet-cert");
      Path store = dir.resolve("key.p12");
      String keytool =
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      String firstName = subjectAltNames[0].substring(subjectAltNames[0].indexOf(':') + 1);
      List<String> command =
          new ArrayList<>(
              List.of(
                  keytool,
                  "-genkeypair",
                  "-alias", "test",
                  "-keyalg", "EC",
                  "-groupname", "secp256r1",
                  "-sigalg", "SHA256withECDSA",
                  "-validity", "2",
                  "-dname", "CN=" + firstName,
                  "-ext", "SAN=" + String.join(",", subjectAltNames),
                  "-storetype", "PKCS12",
                  "-keystore", store.toString(),
                  "-storepass", new String(PASSWORD),
                  "-keypass", new String(PASSWORD)));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, PASSWORD);
      }
      X509Certificate cert = (X509Certificate) keyStore.getCertificate("test");
      return new SelfSignedCertificate(keyStore, cert);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating certificate", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Returns the certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Returns the private key, for tests that write it out (as PKCS#8 PEM, for example). */
  public PrivateKey privateKey() {
    try {
      return (PrivateKey) keyStore.getKey("test", PASSWORD);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new server context presenting this certificate and key. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new client context trusting this certificate only. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("test", certificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }
}
