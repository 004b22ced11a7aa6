package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.SelfSignedCertificate;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ws:// and wss:// through an HTTP CONNECT proxy, with and without Basic credentials. */
@Timeout(60)
class ClientProxyIT {
  static SelfSignedCertificate cert;
  static WebSocketServer plain;
  static WebSocketServer secure;

  @BeforeAll
  static void start() {
    cert = SelfSignedCertificate.generate("ip:127.0.0.1");
    plain = echo(WebSocketServer.builder());
    secure = echo(WebSocketServer.builder().tls(cert.serverContext()));
  }

  static WebSocketServer echo(WebSocketServer.Builder b) {
    return b.host("127.0.0.1").port(0).eventLoops(1).listener(new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        ws.sendText("echo " + text);
      }
    }).start();
  }

  @AfterAll
  static void stop() {
    plain.shutdown(Duration.ofSeconds(5)).join();
    secure.shutdown(Duration.ofSeconds(5)).join();
  }

  @Test
  void plainWebSocketThroughTheProxy() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy(null);
        WebSocketClient client = WebSocketClient.builder().eventLoops(1)
            .proxy("127.0.0.1", proxy.port()).build()) {
      WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/p"))
          .get(10, TimeUnit.SECONDS);
      CompletableFuture<Message> reply = ws.nextMessage();
      ws.sendText("via proxy");
      assertThat(reply.get(5, TimeUnit.SECONDS))
          .isEqualTo(new Message.Text("echo via proxy"));
      assertThat(proxy.targets).containsExactly("127.0.0.1:" + plain.port());
    }
  }

  @Test
  void tlsStartsAfterTheConnectExchange() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy("alice:s3cret");
        WebSocketClient client = WebSocketClient.builder().eventLoops(1)
            .sslContext(cert.clientContext())
            .proxy("127.0.0.1", proxy.port(), "alice", "s3cret").build()) {
      WebSocket ws = client.connect(URI.create("wss://127.0.0.1:" + secure.port() + "/s"))
          .get(10, TimeUnit.SECONDS);
      CompletableFuture<Message> reply = ws.nextMessage();
      ws.sendText("tunnelled");
      assertThat(reply.get(5, TimeUnit.SECONDS))
          .isEqualTo(new Message.Text("echo tunnelled"));
    }
  }

  @Test
  void missingOrWrongCredentialsGet407() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy("alice:s3cret")) {
      for (WebSocketClient.Builder b : new WebSocketClient.Builder[] {
          WebSocketClient.builder().proxy("127.0.0.1", proxy.port()),
          WebSocketClient.builder().proxy("127.0.0.1", proxy.port(), "alice", "wrong")}) {
        try (WebSocketClient client = b.eventLoops(1).build()) {
          ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/"))
                  .get(10, TimeUnit.SECONDS));
          WebSocketHandshakeException h = (WebSocketHandshakeException) e.getCause();
          assertThat(h.kind()).isEqualTo(WebSocketHandshakeException.Kind.PROXY_REFUSED);
          assertThat(h.status()).isEqualTo(407);
          assertThat(h.headers()).containsKey("Proxy-Authenticate");
        }
      }
      assertThat(proxy.targets).isEmpty();
    }
  }
}
