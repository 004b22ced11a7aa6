package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Pem;
import io.sockjet.CloseEvent;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketHandshakeException;
import io.sockjet.testkit.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The common serve options reach the server: each is checked by what a client sees. */
@Timeout(60)
class ServeOptionsTest {
  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void compressNegotiatesPermessageDeflateInTheChosenMode() throws Exception {
    try (WebSocketClient compressing = WebSocketClient.builder().eventLoops(1)
            .compression(io.sockjet.Compression.dedicated()).build();
        ServeRunner shared = ServeRunner.start("--echo", "--compress=shared");
        ServeRunner fallback = ServeRunner.start("--echo", "--compress");
        ServeRunner off = ServeRunner.start("--echo");
        Peer a = Peer.connect(compressing, shared.uri("/"));
        Peer b = Peer.connect(compressing, fallback.uri("/"));
        Peer c = Peer.connect(compressing, off.uri("/"))) {
      assertThat(a.ws.extensions()).isEqualTo(
          "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
      assertThat(b.ws.extensions()).isEqualTo("permessage-deflate; server_no_context_takeover");
      assertThat(c.ws.extensions()).isEmpty();
      String text = "compressible ".repeat(500);
      a.ws.sendText(text);
      assertThat(a.next()).isEqualTo(text);
      assertThat(shared.awaitErr("extensions=\"permessage-deflate")).isNotNull();
    }
  }

  @Test
  void maxMessageClosesWith1009() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--max-message", "1k");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      peer.ws.sendText("x".repeat(1024));
      assertThat(peer.next()).hasSize(1024);
      peer.ws.sendText("x".repeat(1025));
      assertThat(peer.awaitClose().code()).isEqualTo(1009);
    }
  }

  @Test
  void maxFrameAndMaxFragmentsCloseWith1009() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--max-frame", "10", "--max-fragments", "2");
        Peer small = Peer.connect(client, serve.uri("/"));
        Peer frames = Peer.connect(client, serve.uri("/"))) {
      small.ws.sendText("x".repeat(11));
      assertThat(small.awaitClose().code()).isEqualTo(1009);
      frames.ws.sendTextFragment("a", false);
      frames.ws.sendTextFragment("b", false);
      frames.ws.sendTextFragment("c", true);
      assertThat(frames.awaitClose().code()).isEqualTo(1009);
    }
  }

  @Test
  void idleTimeoutClosesWith1001() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--idle-timeout", "300ms");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      CloseEvent close = peer.awaitClose();
      assertThat(close.code()).isEqualTo(1001);
      assertThat(close.reason()).isEqualTo("idle timeout");
    }
  }

  @Test
  void maxConnectionsRefusesTheNextOne() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--max-connections", "1");
        Peer first = Peer.connect(client, serve.uri("/"))) {
      assertThatThrownBy(() -> client.connect(serve.uri("/")).get())
          .isInstanceOf(ExecutionException.class);
      first.ws.sendText("still served");
      assertThat(first.next()).isEqualTo("still served");
    }
  }

  @Test
  void originsAreCheckedAndSubprotocolsNegotiated() throws Exception {
    try (ServeRunner serve = ServeRunner.start("--echo", "--origin", "https://good.example",
        "--origin", "https://also.example", "--subprotocol", "v2", "--subprotocol", "v1")) {
      try (WebSocketClient good = WebSocketClient.builder().eventLoops(1)
          .header("Origin", "https://also.example").subprotocols("v1", "v2").build();
          Peer peer = Peer.connect(good, serve.uri("/"))) {
        assertThat(peer.ws.subprotocol()).isEqualTo("v2");
        assertThat(serve.awaitErr("subprotocol=")).contains(" subprotocol=v2\n");
      }
      try (WebSocketClient bad = WebSocketClient.builder().eventLoops(1)
          .header("Origin", "https://evil.example").build()) {
        assertThatThrownBy(() -> bad.connect(serve.uri("/")).get())
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .extracting(e -> ((WebSocketHandshakeException) e).status()).isEqualTo(403);
      }
    }
  }

  @Test
  void overflowRefuseKeepsASlowClientConnected() throws Exception {
    assertThat(slowChatClientClosed("refuse")).as("refuse: still connected").isNull();
  }

  @Test
  void overflowCloseClosesASlowClientWith1008() throws Exception {
    assertThat(slowChatClientClosed("close")).isNotNull()
        .extracting(CloseEvent::code).isEqualTo(1008);
  }

  /**
   * Floods the chat (16 MB, past what the kernel's socket buffers hold) while one member does not
   * read; returns how that member's connection closed, or null if it is still open and gets
   * messages again once it reads.
   */
  private CloseEvent slowChatClientClosed(String policy) throws Exception {
    // One loop: the room sends from one loop, and what it sends to a member on another loop is
    // queued across loops, which the 64k cap counts; under this flood the talker itself could
    // overflow there. On one loop every send is the member's own loop's, and only slow lags.
    try (ServeRunner serve = ServeRunner.start("--chat", "--chat-rate", "0", "--threads", "1", "--max-queued", "64k",
        "--on-overflow", policy);
        WebSocketClient roomy = WebSocketClient.builder().eventLoops(1).maxQueuedBytes(128L << 20).build();
        Peer slow = Peer.connect(client, serve.uri("/chat?name=slow"));
        Peer talker = Peer.connect(roomy, serve.uri("/chat?name=talker"))) {
      // talker is in the room: announced by a presence event, or already listed in slow's
      // welcome (the server runs onOpen in its own order, not in the order the clients got
      // their 101).
      slow.await(t -> (t.startsWith("{\"type\":\"presence\"")
          || t.startsWith("{\"type\":\"welcome\"")) && t.contains("\"talker\""));
      slow.ws.pauseReading();
      String big = "z".repeat(ChatText.MAX_MESSAGE);
      // 8,000 x 2 KB: more than a paused reader's socket buffers take (its receive window stays
      // near tcp_rmem's default, 128 KB, since autotuning grows it only as the reader reads),
      // yet few enough for the talker to read its own copies back in time on a loaded machine.
      for (int i = 0; i < 8_000; i++) {
        talker.ws.sendText(big);
      }
      talker.ws.flushed().get(30, java.util.concurrent.TimeUnit.SECONDS);
      // The room still works. It refuses messages while its backlog is full ("the room is busy"),
      // which this flood fills: ask again (bounded) until it takes one.
      String after = null;
      for (int i = 0; i < 100 && after == null; i++) {
        talker.ws.sendText("after the flood");
        after = talker.poll(t -> t.contains("after the flood"), 200);
      }
      assertThat(after).as("the room takes a message once its backlog drained").isNotNull();
      slow.ws.resumeReading();
      if (policy.equals("close")) {
        return slow.awaitClose();
      }
      // Refused messages are gone, and the room may still be refusing when slow resumes: keep
      // talking (bounded) until slow, reading again, hears something new.
      java.util.concurrent.atomic.AtomicBoolean heard = new java.util.concurrent.atomic.AtomicBoolean();
      Thread chatter = new Thread(() -> {
        for (int i = 0; i < 200 && !heard.get(); i++) {
          talker.ws.sendText("back again " + i);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      chatter.start();
      try {
        slow.await(t -> t.contains("after the flood") || t.contains("back again"));
      } finally {
        heard.set(true);
        chatter.join();
      }
      return slow.closed.getNow(null);
    }
  }

  @Test
  void tlsFromPemFilesServesWss(@TempDir Path dir) throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("ip:127.0.0.1");
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = Pem.pkcs8Key(cert, dir.resolve("key.pem"));
    try (ServeRunner serve = ServeRunner.start("--echo", "--tls-cert", certFile.toString(),
        "--tls-key", keyFile.toString());
        WebSocketClient tls = WebSocketClient.builder().eventLoops(1)
            .sslContext(cert.clientContext()).build();
        Peer peer = Peer.connect(tls, java.net.URI.create("wss://127.0.0.1:" + serve.port() + "/"))) {
      assertThat(serve.out()).startsWith("sockjet: echo server listening on wss://127.0.0.1:");
      peer.ws.sendText("secret");
      assertThat(peer.next()).isEqualTo("secret");
    }
  }

  @Test
  void aBadKeyFileFailsAtStartWithTheReason(@TempDir Path dir) throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("ip:127.0.0.1");
    Path certFile = Pem.certificate(cert, dir.resolve("cert.pem"));
    Path keyFile = java.nio.file.Files.writeString(dir.resolve("key.pem"),
        Pem.block("EC PRIVATE KEY", new byte[] {1}));
    ServeRunner.Result r = ServeRunner.run("serve", "--host", "127.0.0.1", "--port", "0",
        "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("sockjet: " + keyFile + " holds a EC PRIVATE KEY")
        .contains("openssl pkcs8 -topk8 -nocrypt");
  }
}
