package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TlsEchoServerTest {
  private static final String PASSWORD = "changeit";

  @Test
  void echoesOverTlsWithAKeystoreMadeByKeytool(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    // What the example's comment tells a user to run for a local certificate.
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-keyalg", "EC", "-alias", "server", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .inheritIO()
        .start();
    assertEquals(0, keytool.waitFor());

    WebSocketServer server = TlsEchoServer.start(0, TlsEchoServer.serverContext(keystore, PASSWORD.toCharArray()));
    try (WebSocketClient client = WebSocketClient.builder().sslContext(trusting(keystore)).build()) {
      TestClient c = TestClient.connect(client, "wss://localhost:" + server.port() + "/");
      c.ws.sendText("over TLS");
      assertEquals("over TLS", c.next());
    } finally {
      server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    }
  }

  /** A client context that trusts the self-signed certificate in {@code keystore}. */
  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trusted.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
