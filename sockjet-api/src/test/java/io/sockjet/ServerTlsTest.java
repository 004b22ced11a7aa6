package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.sockjet.testkit.Pem;
import io.sockjet.internal.PemReader;
import io.sockjet.testkit.Pem;
import io.sockjet.testkit.SelfSignedCertificate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PEM files into a server's TLS identity, and its renewal without a restart. */
@Timeout(60)
class ServerTlsTest {
  static SelfSignedCertificate cert;
  static SelfSignedCertificate other;

  @TempDir
  Path dir;

  @BeforeAll
  static void generate() {
    cert = SelfSignedCertificate.generate("ip:127.0.0.1");
    other = SelfSignedCertificate.generate("ip:127.0.0.1");
  }

  @Test
  void readsAChainAndAPkcs8KeyIntoAServerContext() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Files.writeString(certFile, Files.readString(certFile)
        + Pem.block("CERTIFICATE", other.certificate().getEncoded())); // an "intermediate"
    Path keyFile = Pem.pkcs8Key(cert, dir.resolve("key.pem"));
    assertThat(PemReader.readChain(certFile)).containsExactly(cert.certificate(), other.certificate());
    SSLContext context = ServerTls.fromPem(certFile, keyFile).context();
    assertThat(context.createSSLEngine().getSSLParameters().getProtocols()).isNotEmpty();
  }

  @Test
  void olderKeyFormatsAreRefusedWithTheConversionCommand() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    for (String label : new String[] {"RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
      Path keyFile = Files.writeString(dir.resolve("old.pem"), Pem.block(label, new byte[] {1, 2}));
      assertThatThrownBy(() -> ServerTls.fromPem(certFile, keyFile))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holds a " + label)
          .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + keyFile);
    }
    Path encrypted = Files.writeString(dir.resolve("enc.pem"),
        Pem.block("ENCRYPTED PRIVATE KEY", new byte[] {1}));
    assertThatThrownBy(() -> ServerTls.fromPem(certFile, encrypted))
        .hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8 -in " + encrypted);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(other, dir.resolve("key.pem"));
    assertThatThrownBy(() -> ServerTls.fromPem(certFile, keyFile))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void missingOrWrongFilesSayWhich() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(cert, dir.resolve("key.pem"));
    assertThatThrownBy(() -> ServerTls.fromPem(dir.resolve("nope.pem"), keyFile))
        .hasMessage("cannot read the certificate file " + dir.resolve("nope.pem") + ": no such file");
    assertThatThrownBy(() -> ServerTls.fromPem(keyFile, keyFile))
        .hasMessageContaining(keyFile + " holds no PEM certificate");
    assertThatThrownBy(() -> ServerTls.fromPem(certFile, certFile))
        .hasMessageContaining(certFile + " holds no PEM private key");
  }

  @Test
  void readsAnRsaKeyMadeByOpenssl() throws Exception {
    assumeThat(new File("/usr/bin/openssl").canExecute()).as("openssl installed").isTrue();
    Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
        "-nodes", "-subj", "/CN=localhost", "-days", "1",
        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
        .redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(ServerTls.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem"))).isNotNull();
  }

  /** The certificate a TLS handshake with {@code port} is shown (the client trusts anything). */
  private static java.security.cert.Certificate presented(int port) throws Exception {
    javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
      @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

      @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

      @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void aRenewedCertificateIsPresentedToNewHandshakesWithoutARestart() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(cert, dir.resolve("key.pem"));
    ServerTls tls = ServerTls.fromPem(certFile, keyFile).reloadWhenChanged(java.time.Duration.ofMillis(50));
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").tls(tls).start();
    try {
      assertThat(presented(server.port())).isEqualTo(cert.certificate());
      // A bad pair (the new certificate, the old key) is refused and the old identity stays.
      Pem.certificate(other, certFile);
      Files.setLastModifiedTime(certFile, java.nio.file.attribute.FileTime.fromMillis(
          System.currentTimeMillis() + 5_000));
      assertThatThrownBy(tls::reload).hasMessageContaining("does not belong to the certificate");
      assertThat(presented(server.port())).isEqualTo(cert.certificate());
      // The renewal completes: the server's own check picks it up.
      Pem.pkcs8Key(other, keyFile);
      Files.setLastModifiedTime(keyFile, java.nio.file.attribute.FileTime.fromMillis(
          System.currentTimeMillis() + 10_000));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!presented(server.port()).equals(other.certificate()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(presented(server.port())).isEqualTo(other.certificate());
    } finally {
      server.close();
    }
  }
}
