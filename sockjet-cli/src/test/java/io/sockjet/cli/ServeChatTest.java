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
import java.util.concurrent.ExecutionException;
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
      assertThat(ada.next()).isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[\"Ada\"]}");
      assertThat(ada.next()).isEqualTo("{\"type\":\"join\",\"name\":\"Ada\"}");
      try (Peer grace = join("Grace")) {
        assertThat(grace.next())
            .isEqualTo("{\"type\":\"welcome\",\"name\":\"Grace\",\"users\":[\"Ada\",\"Grace\"]}");
        assertThat(grace.next()).isEqualTo("{\"type\":\"join\",\"name\":\"Grace\"}");
        assertThat(ada.next()).isEqualTo("{\"type\":\"join\",\"name\":\"Grace\"}");

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
      assertThat(ada.next()).isEqualTo("{\"type\":\"leave\",\"name\":\"Grace\"}");
    }
    // Each line counts what the connection got: Grace a welcome, two joins... (in=1: one message).
    String log = serve.awaitErr("/chat?name=Grace code=");
    assertThat(log).containsPattern("close 127\\.0\\.0\\.1:\\d+ /chat\\?name=Grace code=1000 "
        + "reason=\"test done\" duration=\\S+ in=1 out=4\n");
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
      ada.await(t -> t.contains("\"join\",\"name\":\"Grace\""));
      grace.await(t -> t.contains("\"join\",\"name\":\"Grace\""));
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
}
