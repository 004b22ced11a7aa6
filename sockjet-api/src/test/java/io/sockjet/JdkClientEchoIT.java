package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server against the JDK's {@code java.net.http.WebSocket}: a client no one here wrote.
 */
@Timeout(60)
class JdkClientEchoIT {
  WebSocketServer server;
  // One client for the test class, held in a field: the JDK's client may stop its selector thread
  // once the HttpClient facade is collected, leaving WebSockets whose sends never complete.
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
        .listener(EventRecorder.ECHO).start();
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(5)).join();
  }

  /** A JDK client that records whole messages (the JDK delivers them in parts). */
  static final class Recorder implements java.net.http.WebSocket.Listener {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<int[]> closed = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text = new StringBuilder();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bytes.write(b, 0, b.length);
      if (last) {
        messages.add(bytes.toByteArray());
        bytes = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
      closed.complete(new int[] {code});
      closeReason.complete(reason);
      return null;
    }
  }

  java.net.http.WebSocket connect(Recorder recorder) {
    try {
      return HTTP.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), recorder)
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("JDK client could not connect", e);
    }
  }

  @Test
  void echoesTextAndBinary() throws Exception {
    Recorder r = new Recorder();
    java.net.http.WebSocket ws = connect(r);
    ws.sendText("hello κόσμε 😀", true).get(30, TimeUnit.SECONDS);
    assertThat(r.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello κόσμε 😀");
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(30, TimeUnit.SECONDS);
    assertThat((byte[]) r.messages.poll(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    ws.sendClose(1000, "done").get(30, TimeUnit.SECONDS);
    assertThat(r.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1000);
  }

  @Test
  void handshakeRequestAndResponseHeadersStayReadableAfterOpen() throws Exception {
    connect(new Recorder());
    for (int i = 0; i < 200 && server.connections().isEmpty(); i++) {
      Thread.sleep(20);
    }
    WebSocket ws = server.connections().get(0);
    // The request is kept compactly once open and parsed again on demand.
    assertThat(ws.request().path()).isEqualTo("/echo");
    assertThat(ws.request().method()).isEqualTo("GET");
    assertThat(ws.request().header("host")).isEqualTo("127.0.0.1:" + server.port());
    String key = ws.request().header("Sec-WebSocket-Key");
    assertThat(ws.responseHeaders().get("Sec-WebSocket-Accept"))
        .containsExactly(io.sockjet.protocol.handshake.AcceptKey.of(key));
    assertThat(ws.responseHeaders().get("Upgrade")).containsExactly("websocket");
  }

  @Test
  void echoesSixteenMebibyteMessage() throws Exception {
    Recorder r = new Recorder();
    java.net.http.WebSocket ws = connect(r);
    byte[] big = new byte[16 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 7 + (i >> 13));
    }
    ws.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
    assertThat((byte[]) r.messages.poll(30, TimeUnit.SECONDS)).isEqualTo(big);
  }

  @Test
  void manyConnectionsAtOnce() throws Exception {
    List<Recorder> recorders = new ArrayList<>();
    List<java.net.http.WebSocket> sockets = new ArrayList<>();
    HttpClient client = HTTP;
    for (int i = 0; i < 100; i++) {
      Recorder r = new Recorder();
      recorders.add(r);
      sockets.add(client.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), r).get(10, TimeUnit.SECONDS));
    }
    for (int i = 0; i < sockets.size(); i++) {
      sockets.get(i).sendText("n" + i, true);
    }
    for (int i = 0; i < sockets.size(); i++) {
      assertThat(recorders.get(i).messages.poll(10, TimeUnit.SECONDS)).isEqualTo("n" + i);
    }
    assertThat(server.connections()).hasSize(100);
    assertThat(server.metrics().messagesIn()).isEqualTo(100);
  }

  @Test
  void serverCloseCodeReachesClient() throws Exception {
    Recorder r = new Recorder();
    connect(r);
    for (int i = 0; i < 100 && server.connections().isEmpty(); i++) {
      Thread.sleep(20);
    }
    server.connections().get(0).close(4000, "custom");
    assertThat(r.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(4000);
    assertThat(r.closeReason.get()).isEqualTo("custom");
  }

  @Test
  void shutdownSendsGoingAway() throws Exception {
    Recorder r = new Recorder();
    connect(r);
    for (int i = 0; i < 100 && server.connections().isEmpty(); i++) {
      Thread.sleep(20);
    }
    server.shutdown(Duration.ofSeconds(5));
    assertThat(r.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1001);
  }
}
