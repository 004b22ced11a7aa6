package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several endpoints on one server by path, each with its own hook, listener and limits. */
@Timeout(60)
class RoutesIT {
  final EventRecorder chat = new EventRecorder();
  final EventRecorder feeds = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  private WebSocketServer.Builder twoRoutes() {
    return WebSocketServer.builder().host("127.0.0.1")
        .route("/chat", Route.builder().listener(chat).maxMessageSize(1024).build())
        .route("/feeds/*", Route.builder().listener(feeds).subprotocols("feed.v1")
            .handshake(HandshakeHandler.sync(r -> r.path().equals("/feeds/secret")
                ? HandshakeResponse.reject(403) : HandshakeResponse.accept()))
            .build());
  }

  private RawPeer open(String path, String extra) throws Exception {
    RawPeer peer = RawPeer.connect(server.port());
    assertThat(peer.upgrade(path, extra).status()).isEqualTo(101);
    return peer;
  }

  @Test
  void eachPathHasItsListenerLimitsAndHook() throws Exception {
    server = twoRoutes().start();
    try (RawPeer c = open("/chat", "");
        RawPeer f = open("/feeds/prices", "Sec-WebSocket-Protocol: feed.v1\r\n")) {
      WebSocket chatSide = chat.awaitOpen();
      WebSocket feedSide = feeds.awaitOpen();
      assertThat(feedSide.subprotocol()).isEqualTo("feed.v1");
      assertThat(chatSide.subprotocol()).isNull();
      c.sendText("to the chat");
      f.sendText("x".repeat(2000)); // over the chat's limit, not the feed's
      assertThat(chat.awaitText()).isEqualTo("to the chat");
      assertThat(feeds.awaitText()).hasSize(2000);
      c.send(RawFrame.of(0x1).payload("y".repeat(2000)).mask(RawPeer.MASK));
      assertThat(c.readClose().closeCode()).as("the chat's own limit").isEqualTo(1009);
      assertThat(chat.awaitClose().code()).isEqualTo(1009);
      chat.discard();
    }
    try (RawPeer secret = RawPeer.connect(server.port());
        RawPeer nowhere = RawPeer.connect(server.port())) {
      assertThat(secret.upgrade("/feeds/secret", "").status()).as("the route's hook").isEqualTo(403);
      assertThat(nowhere.upgrade("/nope", "").status()).isEqualTo(404);
    }
  }

  @Test
  void theServersOwnListenerServesThePathsNoRouteTakes() throws Exception {
    EventRecorder other = new EventRecorder();
    server = twoRoutes().listener(other).start();
    try (RawPeer p = open("/anything", "")) {
      other.awaitOpen();
      p.sendText("elsewhere");
      assertThat(other.awaitText()).isEqualTo("elsewhere");
    }
  }

  @Test
  void aListenerReachesItsServer() throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").listener(new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        ws.server().orElseThrow().broadcast("everyone hears: " + text);
      }
    }).start();
    try (RawPeer a = open("/", ""); RawPeer b = open("/", "")) {
      a.sendText("hello");
      assertThat(a.readMessage().text()).isEqualTo("everyone hears: hello");
      assertThat(b.readMessage().text()).isEqualTo("everyone hears: hello");
    }
  }
}
