package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import io.sockjet.testkit.Pem;
import io.sockjet.testkit.SelfSignedCertificate;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connect}'s client options: JSON lines, limits, ping round trips, a CA file, a client
 * certificate, and reconnecting.
 */
@Timeout(60)
class ConnectClientOptionsTest {
  @TempDir
  Path tmp;

  @RegisterExtension
  final LocalServer local = new LocalServer();

  String url(String scheme) {
    return local.url(scheme);
  }

  static CliRun connect(String stdin, String... args) {
    return CliRun.inProcess(ConnectCommand::new, stdin, args);
  }

  WebSocketServer sending(WebSocketListener listener) {
    return local.start(listener);
  }

  @Test
  void jsonlPrintsOneObjectPerMessage() {
    sending(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.sendText("h\u00e9llo \"you\"\n");
        ws.sendBinary(new byte[] {1, 2, (byte) 255});
        ws.close(1000, "");
      }
    });
    CliRun run = connect("", "--jsonl", url("ws"));
    assertThat(run.exit()).as(run.err()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("\\{\"type\":\"text\",\"size\":13,\"time\":\"\\d{4}-\\d\\d-\\d\\dT"
        + "[0-9:.]+Z\",\"text\":\"h\u00e9llo \\\\\"you\\\\\"\\\\n\"}");
    assertThat(lines[1]).matches("\\{\"type\":\"binary\",\"size\":3,\"time\":\"[^\"]+\","
        + "\"base64\":\"AQL/\"}");
  }

  @Test
  void maxMessageClosesWith1009AndExitsThree() {
    sending(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.sendText("x".repeat(100));
      }
    });
    CliRun run = connect("", "--max-message", "10", "--no-close", url("ws"));
    assertThat(run.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(run.err()).startsWith("sockjet: connection failed (1009");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void maxFragmentsBoundsAFragmentedMessage() {
    sending(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws) {
        for (int i = 0; i < 5; i++) {
          ws.sendTextFragment("f" + i, i == 4);
        }
        ws.close(1000, "");
      }
    });
    CliRun enough = connect("", "--max-fragments", "5", url("ws"));
    assertThat(enough.out()).isEqualTo("f0f1f2f3f4\n");
    CliRun tooFew = connect("", "--max-fragments", "4", "--no-close", url("ws"));
    assertThat(tooFew.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(tooFew.err()).startsWith("sockjet: connection failed (1009");
  }

  @Test
  void printPingRttsPrintsRoundTripsOnStderr() {
    sending(new WebSocketListener() {});
    CliRun run = connect("", "--ping-interval", "100ms", "--print-ping-rtts", "--wait", "700ms",
        url("ws"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).containsPattern("sockjet: ping rtt \\d+\\.\\d{3} ms\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void caTrustsTheServersCertificate() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1");
    Path ca = Pem.certificate(cert, tmp.resolve("ca.pem"));
    local.start(b -> b.tls(cert.serverContext()).listener(new EchoBack()));
    CliRun run = connect("over tls\n", "--ca", ca.toString(), url("wss"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("over tls\n");
  }

  @Test
  void aClientCertificateIsPresentedToAServerThatAsksForOne() throws Exception {
    SelfSignedCertificate serverCert =
        SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1");
    SelfSignedCertificate clientCert = SelfSignedCertificate.generate("dns:client.test");
    SSLContext mutual = mutualContext(serverCert, clientCert);
    local.start(b -> b.tls(mutual, p -> p.setNeedClientAuth(true)).listener(new EchoBack()));
    String ca = Pem.certificate(serverCert, tmp.resolve("ca.pem")).toString();
    String certFile = Pem.certificate(clientCert, tmp.resolve("client.pem")).toString();
    String keyFile = Pem.pkcs8Key(clientCert, tmp.resolve("client.key")).toString();

    CliRun with = connect("mutual\n", "--ca", ca, "--cert", certFile, "--key", keyFile,
        url("wss"));
    assertThat(with.exit()).as(with.err()).isZero();
    assertThat(with.out()).isEqualTo("mutual\n");

    CliRun without = connect("mutual\n", "--ca", ca, url("wss"));
    assertThat(without.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
  }

  /** A server context presenting {@code server} and trusting only {@code client}. */
  private static SSLContext mutualContext(SelfSignedCertificate server,
      SelfSignedCertificate client) throws Exception {
    char[] pw = "test".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", server.privateKey(), pw, new Certificate[] {server.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pw);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("client", client.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  @Test
  void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("dns:localhost");
    Path certFile = Pem.certificate(cert, tmp.resolve("c.pem"));
    Path rsa = java.nio.file.Files.writeString(tmp.resolve("k.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    CliRun run = CliRun.inProcess(ConnectCommand::new, "", "--cert", certFile.toString(),
        "--key", rsa.toString(), "wss://127.0.0.1:1/");
    assertThat(run.err()).contains("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void contradictoryTlsOptionsAreUsageErrors() {
    assertThat(connect("", "--insecure", "--ca", "x.pem", "wss://127.0.0.1:1/").exit())
        .isEqualTo(ExitStatus.USAGE);
    assertThat(connect("", "--cert", "x.pem", "wss://127.0.0.1:1/").exit())
        .isEqualTo(ExitStatus.USAGE);
  }

  @Test
  void reconnectComesBackAfterEachLossUntilTheInputEnds() {
    AtomicInteger opened = new AtomicInteger();
    BlockingInput stdin = new BlockingInput();
    sending(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws) {
        int n = opened.incrementAndGet();
        ws.sendText("hello " + n);
        if (n < 3) {
          ws.close(1012, "restarting"); // service restart: come back later
        } else {
          stdin.end(); // the third stays open until our input ends
        }
      }
    });
    CliRun run = CliRun.inProcess(ConnectCommand::new, stdin, "--reconnect", "--wait", "300ms",
        url("ws"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("hello 1\nhello 2\nhello 3\n");
    assertThat(run.err()).contains("closed by the server: 1012 (service restart) restarting",
        "connecting again in", "(attempt 1)", "connected to " + url("ws") + " again");
    assertThat(opened.get()).isEqualTo(3);
  }
}
