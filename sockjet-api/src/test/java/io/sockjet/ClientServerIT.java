package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against Sockjet's own server over loopback: the same connection API on both ends. */
@Timeout(60)
class ClientServerIT {
  WebSocketServer server;
  WebSocketClient client;
  final AtomicReference<HandshakeRequest> seen = new AtomicReference<>();
  final LinkedBlockingQueue<Object> serverEvents = new LinkedBlockingQueue<>();
  final CompletableFuture<WebSocket> serverSide = new CompletableFuture<>();

  @BeforeEach
  void start() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
        .subprotocols("v2.chat", "v1.chat")
        .handshake(HandshakeHandler.sync(r -> {
          seen.set(r);
          return HandshakeResponse.accept().withHeader("X-Server", "sockjet");
        }))
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            serverSide.complete(ws);
          }

          @Override
          public void onText(WebSocket ws, String text) {
            if (text.startsWith("close:")) {
              ws.close(4001, text.substring(6));
            } else {
              ws.sendText(text);
            }
          }

          @Override
          public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
          }

          @Override
          public void onPong(WebSocket ws, ByteBuffer payload) {
            serverEvents.add("pong:" + StandardCharsets.UTF_8.decode(payload));
          }

          @Override
          public void onClose(WebSocket ws, CloseEvent event) {
            serverEvents.add(event);
          }
        }).start();
    client = WebSocketClient.builder().eventLoops(1).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(5)).join();
  }

  URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
  }

  @Test
  void textAndBinaryEchoBothWays() throws Exception {
    WebSocket ws = client.connect(uri("/echo")).get(5, TimeUnit.SECONDS);
    assertThat(ws.isClient()).isTrue();
    assertThat(ws.isOpen()).isTrue();

    CompletableFuture<Message> reply = ws.nextMessage();
    ws.sendText("héllo");
    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("héllo"));

    byte[] payload = new byte[70_000]; // a 64-bit length frame
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    CompletableFuture<Message> binaryReply = ws.nextMessage();
    ws.sendBinary(payload);
    Message m = binaryReply.get(5, TimeUnit.SECONDS);
    assertThat(m).isInstanceOf(Message.Binary.class);
    ByteBuffer echoed = ((Message.Binary) m).data();
    byte[] got = new byte[echoed.remaining()];
    echoed.get(got);
    assertThat(got).isEqualTo(payload);

    WebSocket serverWs = serverSide.get(5, TimeUnit.SECONDS);
    CompletableFuture<Message> fromServer = ws.nextMessage();
    serverWs.sendText("pushed");
    assertThat(fromServer.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("pushed"));
  }

  @Test
  void requestResponseHeadersSubprotocolAndHandshakeHookSeeExtraHeaders() throws Exception {
    client.close();
    client = WebSocketClient.builder().subprotocols("v1.chat", "v3.chat")
        .header("Origin", "https://app.example")
        .header("Authorization", "Bearer t0k3n")
        .header("Cookie", "session=abc; theme=dark").build();
    WebSocket ws = client.connect(uri("/feed?room=7&x=a%20b")).get(5, TimeUnit.SECONDS);

    assertThat(ws.subprotocol()).isEqualTo("v1.chat");
    assertThat(ws.responseHeaders().get("X-Server")).containsExactly("sockjet");
    assertThat(ws.responseHeaders().get("Sec-WebSocket-Protocol")).containsExactly("v1.chat");
    assertThat(ws.request().uri()).isEqualTo("/feed?room=7&x=a%20b");
    assertThat(ws.request().header("Authorization")).isEqualTo("Bearer t0k3n");
    assertThat(ws.request().subprotocols()).containsExactly("v1.chat", "v3.chat");
    // The server rebuilds what it sent; the client kept what it received.
    assertThat(serverSide.get(5, TimeUnit.SECONDS).responseHeaders())
        .isEqualTo(ws.responseHeaders());

    HandshakeRequest r = seen.get();
    assertThat(r.path()).isEqualTo("/feed");
    assertThat(r.queryParameter("room")).isEqualTo("7");
    assertThat(r.queryParameter("x")).isEqualTo("a b");
    assertThat(r.origin()).isEqualTo("https://app.example");
    assertThat(r.header("Authorization")).isEqualTo("Bearer t0k3n");
    assertThat(r.cookies()).containsEntry("session", "abc").containsEntry("theme", "dark");
    assertThat(r.subprotocols()).containsExactly("v1.chat", "v3.chat");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  void pingGetsPongAndServerPongIsSeen() throws Exception {
    LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    WebSocket ws = client.connect(uri("/"), new WebSocketListener() {
      @Override
      public void onPong(WebSocket w, ByteBuffer payload) {
        pongs.add(StandardCharsets.UTF_8.decode(payload).toString());
      }
    }).get(5, TimeUnit.SECONDS);
    ws.ping(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
    assertThat(pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("are you there");

    WebSocket serverWs = serverSide.get(5, TimeUnit.SECONDS);
    serverWs.ping(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
    assertThat(serverEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("pong:hi");
    ws.pong(ByteBuffer.wrap("unsolicited".getBytes(StandardCharsets.UTF_8)));
    assertThat(serverEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("pong:unsolicited");
  }

  @Test
  void fragmentedMessagesBothWays() throws Exception {
    WebSocket ws = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    CompletableFuture<Message> echo = ws.nextMessage();
    ws.sendTextFragment("frag", false);
    ws.sendTextFragment("men", false);
    ws.sendTextFragment("ted", true);
    assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("fragmented"));

    WebSocket serverWs = serverSide.get(5, TimeUnit.SECONDS);
    CompletableFuture<Message> pushed = ws.nextMessage();
    serverWs.sendBinaryFragment(ByteBuffer.wrap(new byte[] {1, 2}), false);
    serverWs.sendBinaryFragment(ByteBuffer.wrap(new byte[] {3}), true);
    ByteBuffer data = ((Message.Binary) pushed.get(5, TimeUnit.SECONDS)).data();
    assertThat(data).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void clientClosesWithCodeAndReason() throws Exception {
    WebSocket ws = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    ws.close(4000, "client done");
    CloseEvent event = ws.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(event).isEqualTo(new CloseEvent(4000, "client done", true, false));
    assertThat(serverEvents.poll(5, TimeUnit.SECONDS))
        .isEqualTo(new CloseEvent(4000, "client done", true, true));
    assertThat(ws.state()).isEqualTo(ReadyState.CLOSED);
  }

  @Test
  void serverClosesWithCodeAndReason() throws Exception {
    WebSocket ws = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    ws.sendText("close:server done");
    CloseEvent event = ws.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(event).isEqualTo(new CloseEvent(4001, "server done", true, true));
    assertThat(serverEvents.poll(5, TimeUnit.SECONDS))
        .isEqualTo(new CloseEvent(4001, "server done", true, false));
    assertThat(ws.closeEvent()).isEqualTo(event);
    assertThat(ws.nextMessage()).isCompletedExceptionally();
  }

  @Test
  void closeFutureAskedForBeforeOrOnlyAfterTheCloseCompletesWithTheEvent() throws Exception {
    // The future is created by the first call or by the close, whichever comes first.
    WebSocket asksEarly = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    WebSocket asksLate = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    CompletableFuture<CloseEvent> early = asksEarly.closeFuture();
    assertThat(asksEarly.closeFuture()).isSameAs(early);
    assertThat(early).isNotDone();
    asksEarly.close(4000, "early");
    asksLate.close(4000, "late");
    assertThat(early.get(5, TimeUnit.SECONDS))
        .isEqualTo(new CloseEvent(4000, "early", true, false));
    while (asksLate.closeEvent() == null) {
      Thread.sleep(5);
    }
    // A task on the client's one loop, queued after the close was handled there.
    asksLate.flushed().handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    CompletableFuture<CloseEvent> late = asksLate.closeFuture();
    assertThat(late).isCompletedWithValue(new CloseEvent(4000, "late", true, false));
    assertThat(asksLate.closeFuture()).isSameAs(late);
  }

  @Test
  void listenerAddedToOneConnectionHearsOnlyItUntilRemoved() throws Exception {
    // Connections start from one listener array shared by the server: adding to one must copy.
    WebSocket first = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    WebSocket serverFirst = serverSide.get(5, TimeUnit.SECONDS);
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    Registration added = serverFirst.addListener(new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        heard.add(text);
      }
    });
    WebSocket second = client.connect(uri("/")).get(5, TimeUnit.SECONDS);
    CompletableFuture<Message> secondEcho = second.nextMessage();
    second.sendText("to second");
    assertThat(secondEcho.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("to second"));
    CompletableFuture<Message> firstEcho = first.nextMessage();
    first.sendText("to first");
    assertThat(firstEcho.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("to first"));
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("to first");

    added.remove();
    added.remove();
    CompletableFuture<Message> afterRemoval = first.nextMessage();
    first.sendText("after removal");
    assertThat(afterRemoval.get(5, TimeUnit.SECONDS))
        .isEqualTo(new Message.Text("after removal"));
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void fiveHundredClientsShareTwoEventLoops() throws Exception {
    client.close();
    try (EventLoops loops = EventLoops.create(2)) {
      client = WebSocketClient.builder().eventLoops(loops).build();
      List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        connecting.add(client.connect(uri("/n" + i)));
      }
      List<WebSocket> all = new ArrayList<>();
      for (CompletableFuture<WebSocket> f : connecting) {
        all.add(f.get(20, TimeUnit.SECONDS));
      }
      assertThat(client.connections()).hasSize(500);
      List<CompletableFuture<Message>> replies = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        replies.add(all.get(i).nextMessage());
        all.get(i).sendText("m" + i);
      }
      for (int i = 0; i < replies.size(); i++) {
        assertThat(replies.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(new Message.Text("m" + i));
      }
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("sockjet-client")).count();
      assertThat(threads).isZero(); // no loops of its own: the two shared ones do the work
      client.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      assertThat(client.connections()).isEmpty();
    }
  }
}
