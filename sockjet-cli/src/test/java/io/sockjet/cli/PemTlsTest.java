package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

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

@Timeout(60)
class PemTlsTest {
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
    assertThat(PemTls.readChain(certFile)).containsExactly(cert.certificate(), other.certificate());
    SSLContext context = PemTls.serverContext(certFile, keyFile);
    assertThat(context.createSSLEngine().getSSLParameters().getProtocols()).isNotEmpty();
  }

  @Test
  void olderKeyFormatsAreRefusedWithTheConversionCommand() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    for (String label : new String[] {"RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
      Path keyFile = Files.writeString(dir.resolve("old.pem"), Pem.block(label, new byte[] {1, 2}));
      assertThatThrownBy(() -> PemTls.serverContext(certFile, keyFile))
          .isInstanceOf(CliFailure.class)
          .hasMessageContaining("holds a " + label)
          .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + keyFile);
    }
    Path encrypted = Files.writeString(dir.resolve("enc.pem"),
        Pem.block("ENCRYPTED PRIVATE KEY", new byte[] {1}));
    assertThatThrownBy(() -> PemTls.serverContext(certFile, encrypted))
        .hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8 -in " + encrypted);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(other, dir.resolve("key.pem"));
    assertThatThrownBy(() -> PemTls.serverContext(certFile, keyFile))
        .isInstanceOf(CliFailure.class).hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void missingOrWrongFilesSayWhich() throws Exception {
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(cert, dir.resolve("key.pem"));
    assertThatThrownBy(() -> PemTls.serverContext(dir.resolve("nope.pem"), keyFile))
        .hasMessage("cannot read the certificate file " + dir.resolve("nope.pem") + ": no such file");
    assertThatThrownBy(() -> PemTls.serverContext(keyFile, keyFile))
        .hasMessageContaining(keyFile + " holds no PEM certificate");
    assertThatThrownBy(() -> PemTls.serverContext(certFile, certFile))
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
    assertThat(PemTls.serverContext(dir.resolve("cert.pem"), dir.resolve("key.pem"))).isNotNull();
  }
}
