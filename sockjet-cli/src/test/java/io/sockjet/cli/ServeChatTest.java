package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketHandshakeException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sockjet serve} in its default mode, the chat, driven by the library's own client. */
@Timeout(60)
class ServeChatTest {
  private ServeRunner serve;
  private WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    serve = ServeRunner.start(); // no mode flag: the chat is the default
    client = WebSocketClient.builder().eventLoops(1).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    serve.close();
  }

  private Peer join(String name) throws Exception {
    return Peer.connect(client, serve.uri("/chat?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
  }

  @Test
  void isTheDefaultModeAndSaysWhereToPointABrowser() {
    assertThat(serve.out()).isEqualTo(
        "sockjet: chat server listening on ws://127.0.0.1:" + serve.port() + "/chat\n"
            + "sockjet: open http://127.0.0.1:" + serve.port() + "/ in a browser\n");
  }

  @Test
  void twoPeopleSeeEachOthersMessagesAndWhoJoinsAndLeaves() throws Exception {
    try (Peer ada = join("Ada")) {
      assertThat(ada.next()).isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[]}");
      assertThat(ada.next()).isEqualTo(presence("[\"Ada\"]", "[]"));
      try (Peer grace = join("Grace")) {
        assertThat(grace.next())
            .isEqualTo("{\"type\":\"welcome\",\"name\":\"Grace\",\"users\":[\"Ada\"]}");
        assertThat(grace.next()).isEqualTo(presence("[\"Grace\"]", "[]"));
        assertThat(ada.next()).isEqualTo(presence("[\"Grace\"]", "[]"));

        ada.ws.sendText("Hello, Grace");
        String fromAda = "{\"type\":\"message\",\"name\":\"Ada\",\"text\":\"Hello, Grace\"}";
        assertThat(grace.next()).isEqualTo(fromAda);
        assertThat(ada.next()).as("the sender sees its own message too").isEqualTo(fromAda);

        grace.ws.sendText("Hi \"Ada\" <3\nnew line");
        String fromGrace =
            "{\"type\":\"message\",\"name\":\"Grace\",\"text\":\"Hi \\\"Ada\\\" <3\\nnew line\"}";
        assertThat(ada.next()).isEqualTo(fromGrace);
        assertThat(grace.next()).isEqualTo(fromGrace);
      }
      assertThat(ada.next()).isEqualTo(presence("[]", "[\"Grace\"]"));
    }
    // Each line counts what the connection got: Grace a welcome, a presence event and two
    // messages (in=1: one message).
    String log = serve.awaitErr("/chat?name=Grace code=");
    assertThat(log).containsPattern("close 127\\.0\\.0\\.1:\\d+ /chat\\?name=Grace code=1000 "
        + "reason=\"test done\" duration=\\S+ in=1 out=4\n");
  }

  private static String presence(String joined, String left) {
    return "{\"type\":\"presence\",\"joined\":" + joined + ",\"left\":" + left + "}";
  }

  /**
   * A crowd joining at once is told in a few presence events, not one per join: 200 join within
   * about a second (a tenth of them leaving right after their welcome) and Ada, who was there
   * before, gets about one event per {@link ChatRoom#PRESENCE_WINDOW} they took, where a
   * broadcast per join and leave would send her 220. Every member's view (welcome + presence
   * events, in order) then adds up to the true room.
   */
  @Test
  void aCrowdJoiningIsToldInAFewPresenceEventsAndEveryViewAddsUp() throws Exception {
    int crowd = 200;
    try (Peer ada = join("Ada")) {
      RoomView adaView = new RoomView();
      adaView.apply(ada.next());
      adaView.apply(ada.next()); // her own join
      assertThat(adaView.users()).containsExactly("Ada");

      List<Peer> peers = new ArrayList<>();
      List<Peer> stayed = new ArrayList<>();
      Set<String> expected = new HashSet<>(Set.of("Ada"));
      long start = System.nanoTime();
      try {
        for (int i = 0; i < crowd; i++) {
          Peer p = join("bot-" + i);
          peers.add(p);
          if (i % 10 == 9) {
            p.next(); // welcomed: a member, gone again before most windows end
            p.ws.close(1000, "test done");
          } else {
            stayed.add(p);
            expected.add("bot-" + i);
          }
        }
        for (Peer p : peers) {
          if (!stayed.contains(p)) {
            p.awaitClose();
          }
        }
        long joinedMillis = (System.nanoTime() - start) / 1_000_000;

        Map<Peer, RoomView> views = new HashMap<>();
        views.put(ada, adaView);
        stayed.forEach(p -> views.put(p, new RoomView()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!views.values().stream().allMatch(v -> v.users().equals(expected))
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
          views.forEach((p, v) -> v.drain(p));
        }
        for (RoomView v : views.values()) {
          assertThat(v.users()).isEqualTo(expected);
        }
        long window = ChatRoom.PRESENCE_WINDOW.toMillis();
        assertThat(adaView.presenceEvents())
            .as("presence events Ada got while %d joined in %d ms", crowd, joinedMillis)
            .isLessThanOrEqualTo((int) (joinedMillis / window) + 3)
            .isLessThan(crowd / 4);
        Thread.sleep(2 * window);
        views.forEach((p, v) -> v.drain(p));
        assertThat(views.values()).as("nothing more once the room is quiet")
            .allMatch(v -> v.users().equals(expected));
      } finally {
        closeAll(stayed);
      }
    }
  }

  /**
   * Joins are told late, messages at once, yet a member never gets a message from someone it has
   * not been told of: the pending presence goes out first. 30 people join and speak at once.
   */
  @Test
  void aMessageNeverComesBeforeItsSendersJoin() throws Exception {
    int crowd = 30;
    try (Peer ada = join("Ada")) {
      RoomView adaView = new RoomView();
      adaView.apply(ada.next());
      adaView.apply(ada.next());
      List<Peer> peers = new ArrayList<>();
      try {
        for (int i = 0; i < crowd; i++) {
          Peer p = join("talker-" + i);
          peers.add(p);
          p.ws.sendText("hello from talker-" + i); // before its join can have been told
        }
        Map<Peer, RoomView> views = new HashMap<>();
        peers.forEach(p -> views.put(p, new RoomView()));
        views.put(ada, adaView);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (adaView.messages() < crowd && System.nanoTime() < deadline) {
          Thread.sleep(20);
          views.forEach((p, v) -> v.drain(p)); // each message checked against the view so far
        }
        assertThat(adaView.messages()).isEqualTo(crowd);
        assertThat(adaView.users()).hasSize(crowd + 1);
        assertThat(views.get(peers.get(0)).messages()).isPositive();
      } finally {
        closeAll(peers);
      }
    }
  }

  /** Closes every peer at once, then waits for each. */
  private static void closeAll(List<Peer> peers) throws Exception {
    for (Peer p : peers) {
      if (!p.closed.isDone()) {
        p.ws.close(1000, "test done");
      }
    }
    for (Peer p : peers) {
      p.awaitClose();
    }
  }

  @Test
  void namesAreCleanedBoundedAndMadeUnique() throws Exception {
    // One at a time: names are given in the order the server runs onOpen, which on several
    // loops need not be the order in which clients received their 101.
    try (Peer first = join("  Ada \u202E\u0007  Lovelace ")) {
      assertThat(first.next()).startsWith("{\"type\":\"welcome\",\"name\":\"Ada Lovelace\",");
      try (Peer second = join("ada lovelace")) {
        assertThat(second.next()).startsWith("{\"type\":\"welcome\",\"name\":\"ada lovelace (2)\",");
        try (Peer nameless = Peer.connect(client, serve.uri("/chat"))) {
          assertThat(nameless.next()).startsWith("{\"type\":\"welcome\",\"name\":\"guest-1\",");
          try (Peer blank = join(" \u200B\t ")) {
            assertThat(blank.next()).startsWith("{\"type\":\"welcome\",\"name\":\"guest-2\",");
            try (Peer longName = join("x".repeat(100))) {
              assertThat(longName.next()).startsWith(
                  "{\"type\":\"welcome\",\"name\":\"" + "x".repeat(ChatText.MAX_NAME) + "\",");
            }
          }
        }
      }
    }
  }

  @Test
  void aNameIsFreeAgainOnceItsOwnerLeaves() throws Exception {
    try (Peer first = join("Ada")) {
      first.next();
    }
    try (Peer again = join("Ada")) {
      assertThat(again.next()).startsWith("{\"type\":\"welcome\",\"name\":\"Ada\",");
    }
  }

  @Test
  void aTooLongMessageIsRefusedToItsSenderOnly() throws Exception {
    try (Peer ada = join("Ada")) {
      ada.await(t -> t.startsWith("{\"type\":\"welcome\"")); // in the room before Grace comes
      Peer grace = join("Grace");
      ada.await(t -> t.startsWith("{\"type\":\"presence\"") && t.contains("\"Grace\""));
      grace.await(t -> t.startsWith("{\"type\":\"presence\"") && t.contains("\"Grace\""));
      ada.ws.sendText("y".repeat(ChatText.MAX_MESSAGE + 1));
      assertThat(ada.next()).isEqualTo("{\"type\":\"error\",\"text\":\"message not sent: longer than "
          + ChatText.MAX_MESSAGE + " characters\"}");
      ada.ws.sendText("   "); // blank: nothing to say, nothing sent
      ada.ws.sendText("y".repeat(ChatText.MAX_MESSAGE));
      assertThat(grace.next()).isEqualTo("{\"type\":\"message\",\"name\":\"Ada\",\"text\":\""
          + "y".repeat(ChatText.MAX_MESSAGE) + "\"}");
      grace.close();
    }
  }

  @Test
  void binaryMessagesCloseWith1003() throws Exception {
    try (Peer ada = join("Ada")) {
      ada.ws.sendBinary(new byte[] {1, 2, 3});
      CloseEvent close = ada.awaitClose();
      assertThat(close.code()).isEqualTo(1003);
      assertThat(close.reason()).isEqualTo("the chat takes text messages");
    }
  }

  @Test
  void upgradesElsewhereThanChatAreNotFound() {
    assertThatThrownBy(() -> client.connect(serve.uri("/elsewhere")).get())
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .extracting(e -> ((WebSocketHandshakeException) e).status()).isEqualTo(404);
  }

  @Test
  void servesItsPageScriptAndStyleWithAStrictPolicy() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = "http://127.0.0.1:" + serve.port();
    HttpResponse<String> page = get(http, base + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(ChatPage.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.body()).startsWith("<!doctype html>").contains("<title>Sockjet chat</title>",
        "<script src=\"chat.js\" defer></script>", "<link rel=\"stylesheet\" href=\"chat.css\">");
    assertThat(page.body()).as("no inline script: the policy forbids it").doesNotContain("<script>");

    HttpResponse<String> js = get(http, base + "/chat.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.body()).contains("/chat?name=").contains("textContent")
        .as("user data never as markup").doesNotContain("innerHTML");

    HttpResponse<String> css = get(http, base + "/chat.css");
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");

    assertThat(get(http, base + "/missing").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    java.lang.ref.Reference.reachabilityFence(http);
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(java.net.URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMemberSendingTooFastIsToldToSlowDownThenClosedAndTheOthersHearTheRest() throws Exception {
    try (Peer ada = join("Ada"); Peer flood = join("Flood")) {
      ada.await(t -> t.contains("\"Flood\""));
      flood.await(t -> t.contains("\"presence\"") && t.contains("\"Flood\""));
      // Far past the default 5 a second (bursts of 10): the burst goes out, then one warning,
      // then the member is closed once MAX_REFUSED_IN_A_ROW more were refused.
      int sent = 10 + ChatMode.MAX_REFUSED_IN_A_ROW + 5;
      for (int i = 0; i < sent; i++) {
        flood.ws.sendText("spam " + i);
      }
      flood.await(t -> t.startsWith("{\"type\":\"error\"") && t.contains("slow down"));
      CloseEvent close = flood.awaitClose();
      assertThat(close.code()).isEqualTo(1008);
      assertThat(close.reason()).isEqualTo("too many messages");
      // Ada heard the burst and nothing past it.
      ada.await("{\"type\":\"message\",\"name\":\"Flood\",\"text\":\"spam 9\"}");
      ada.await(t -> t.contains("\"left\":[\"Flood\"]"));
      ada.ws.sendText("still here");
      String mine = "{\"type\":\"message\",\"name\":\"Ada\",\"text\":\"still here\"}";
      for (String t = ada.next(); !t.equals(mine); t = ada.next()) {
        assertThat(t).as("nothing of the flood past the burst").doesNotContain("spam 1" + "0");
      }
    }
  }
}
