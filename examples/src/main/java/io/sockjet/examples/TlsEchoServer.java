package io.sockjet.examples;

import io.sockjet.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The echo server over TLS ({@code wss://}), its certificate and key read from a PKCS#12
 * keystore. A PEM certificate chain and key, as certificate authorities issue them, become one
 * with {@code openssl pkcs12 -export -in fullchain.pem -inkey privkey.pem -out server.p12}; for a
 * local test, {@code keytool -genkeypair -keyalg EC -alias server -dname CN=localhost
 * -storetype PKCS12 -keystore server.p12} makes a self-signed one.
 *
 * <pre>
 * java io.sockjet.examples.TlsEchoServer 8443 server.p12 PASSWORD
 * echo hello | ./sockjet connect --insecure wss://localhost:8443/
 * </pre>
 */
public final class TlsEchoServer {
  private TlsEchoServer() {}

  /** Starts the echo server of {@link EchoServer} on {@code port}, speaking TLS with {@code tls}. */
  public static WebSocketServer start(int port, SSLContext tls) {
    return EchoServer.configure(WebSocketServer.builder().port(port).tls(tls)).start();
  }

  /** A server-side TLS context whose certificate chain and key are those of {@code keystore}. */
  public static SSLContext serverContext(Path keystore, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: TlsEchoServer PORT KEYSTORE.p12 PASSWORD");
      System.exit(2);
    }
    SSLContext tls = serverContext(Path.of(args[1]), args[2].toCharArray());
    WebSocketServer server = start(Integer.parseInt(args[0]), tls);
    System.out.println("echo server on wss://localhost:" + server.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5)).join()));
  }
}
