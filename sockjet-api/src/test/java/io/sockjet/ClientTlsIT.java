package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.SelfSignedCertificate;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wss:// against a server with a self-signed certificate: trust and host names. */
@Timeout(60)
class ClientTlsIT {
  static SelfSignedCertificate forLoopback;
  static SelfSignedCertificate forOtherName;
  static WebSocketServer loopbackServer;
  static WebSocketServer otherNameServer;

  @BeforeAll
  static void start() {
    forLoopback = SelfSignedCertificate.generate("ip:127.0.0.1");
    forOtherName = SelfSignedCertificate.generate("dns:other.example");
    loopbackServer = echo(forLoopback);
    otherNameServer = echo(forOtherName);
  }

  static WebSocketServer echo(SelfSignedCertificate cert) {
    return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .tls(cert.serverContext())
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }
        }).start();
  }

  @AfterAll
  static void stop() {
    loopbackServer.shutdown(Duration.ofSeconds(5)).join();
    otherNameServer.shutdown(Duration.ofSeconds(5)).join();
  }

  static URI wss(WebSocketServer server) {
    return URI.create("wss://127.0.0.1:" + server.port() + "/secure");
  }

  static Throwable cause(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("connected");
  }

  @Test
  void selfSignedCertificateIsRejectedByDefault() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      assertThat(cause(client.connect(wss(loopbackServer)))).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void aContextThatTrustsTheCertificateConnects() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1)
        .sslContext(forLoopback.clientContext()).build()) {
      WebSocket ws = client.connect(wss(loopbackServer)).get(10, TimeUnit.SECONDS);
      CompletableFuture<Message> reply = ws.nextMessage();
      ws.sendText("over tls");
      assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("over tls"));
      ws.close();
      assertThat(ws.closeFuture().get(5, TimeUnit.SECONDS).clean()).isTrue();
    }
  }

  @Test
  void certificateForAnotherNameFailsHostNameVerification() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1)
        .sslContext(forOtherName.clientContext()).build()) {
      assertThat(cause(client.connect(wss(otherNameServer)))).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void hostNameVerificationCanBeSwitchedOff() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1)
        .sslContext(forOtherName.clientContext()).hostnameVerification(false).build()) {
      WebSocket ws = client.connect(wss(otherNameServer)).get(10, TimeUnit.SECONDS);
      CompletableFuture<Message> reply = ws.nextMessage();
      ws.sendText("unverified");
      assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("unverified"));
    }
  }
}
