package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat's rooms ({@code /chat?room=ROOM}): each is a topic of its own, so messages and presence
 * stay in their room; names are checked at the handshake; {@code /rooms} lists who is where.
 */
@Timeout(60)
class ServeChatRoomsTest {
  private ServeRunner serve;
  private WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    serve = ServeRunner.start();
    client = WebSocketClient.builder().eventLoops(2).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    serve.close();
  }

  private Peer join(String room, String name) throws Exception {
    String query = room == null ? "?name=" + name : "?room=" + room + "&name=" + name;
    return Peer.connect(client, serve.uri("/chat" + query));
  }

  /** Welcomed, then told of its own join: a member of the room from here on. */
  private static RoomView welcomed(Peer peer) throws InterruptedException {
    RoomView view = new RoomView();
    view.apply(peer.next());
    view.apply(peer.await(t -> t.startsWith("{\"type\":\"presence\"")
        && t.contains("\"" + view.me() + "\"")));
    return view;
  }

  /** The peer's next event, applied to its view too. */
  private static String next(Peer peer, RoomView view) throws InterruptedException {
    String event = peer.next();
    view.apply(event);
    return event;
  }

  private static String message(String name, String text) {
    return "{\"type\":\"message\",\"name\":\"" + name + "\",\"text\":\"" + text + "\"}";
  }

  @Test
  void twoRoomsIsolateTheirMessagesAndPresence() throws Exception {
    try (Peer ada = join("blue", "Ada"); Peer linus = join("green", "Linus");
        Peer pat = join(null, "Pat")) {
      RoomView adaView = welcomed(ada);
      RoomView linusView = welcomed(linus);
      RoomView patView = welcomed(pat);
      try (Peer grace = join("blue", "Grace")) {
        assertThat(grace.next()).as("the welcome lists only the room's own members")
            .isEqualTo("{\"type\":\"welcome\",\"name\":\"Grace\",\"users\":[\"Ada\"]}");
        adaView.apply(ada.await(t -> t.startsWith("{\"type\":\"presence\"")
            && t.contains("\"Grace\"")));

        ada.ws.sendText("blue only");
        assertThat(grace.await(t -> t.startsWith("{\"type\":\"message\"")))
            .isEqualTo(message("Ada", "blue only"));
        assertThat(ada.next()).isEqualTo(message("Ada", "blue only"));

        // Published after Ada's message reached Grace: had Linus or Pat been subscribed to blue,
        // Ada's message would have been queued to them before their own came back.
        linus.ws.sendText("green only");
        assertThat(next(linus, linusView)).isEqualTo(message("Linus", "green only"));
        pat.ws.sendText("lobby only");
        assertThat(next(pat, patView)).isEqualTo(message("Pat", "lobby only"));
        adaView.drain(ada);
        linusView.drain(linus);
        patView.drain(pat);
        assertThat(adaView.users()).containsExactly("Ada", "Grace");
        assertThat(linusView.users()).as("green never heard of Ada or Grace")
            .containsExactly("Linus");
        assertThat(patView.users()).as("no room: the lobby").containsExactly("Pat");
        assertThat(linusView.messages()).isEqualTo(1);
        assertThat(patView.messages()).isEqualTo(1);
        assertThat(serve.server().topics().subscribers("blue")).isEqualTo(2);
        assertThat(serve.server().topics().subscribers("green")).isEqualTo(1);
        assertThat(serve.server().topics().subscribers(RoomName.DEFAULT)).isEqualTo(1);
      }
      ada.await("{\"type\":\"presence\",\"joined\":[],\"left\":[\"Grace\"]}");
      linus.ws.sendText("still green");
      assertThat(linus.next()).as("no leave of Grace in green")
          .isEqualTo(message("Linus", "still green"));
    }
  }

  @Test
  void aRoomEmptiedAndFilledAgainStartsAfresh() throws Exception {
    try (Peer first = join("attic", "Ada")) {
      welcomed(first);
      first.ws.sendText("anyone?");
      first.await(message("Ada", "anyone?"));
    }
    // Ada's room retired with her; Grace's is a new one, which never heard of Ada.
    try (Peer again = join("attic", "Grace")) {
      assertThat(again.next())
          .isEqualTo("{\"type\":\"welcome\",\"name\":\"Grace\",\"users\":[]}");
      assertThat(again.next())
          .isEqualTo("{\"type\":\"presence\",\"joined\":[\"Grace\"],\"left\":[]}");
      again.ws.sendText("hello");
      assertThat(again.next()).isEqualTo(message("Grace", "hello"));
    }
  }

  @Test
  void namesAreUniqueWithinARoomOnly() throws Exception {
    try (Peer blue = join("blue", "Ada"); Peer green = join("green", "Ada")) {
      assertThat(blue.next()).startsWith("{\"type\":\"welcome\",\"name\":\"Ada\",");
      assertThat(green.next()).startsWith("{\"type\":\"welcome\",\"name\":\"Ada\",");
    }
  }

  @Test
  void badRoomNamesAreRefusedAtTheHandshakeWith400() throws Exception {
    for (String bad : List.of("", "two%20words", "x".repeat(RoomName.MAX_LENGTH + 1),
        "caf%C3%A9", "a%2Fb", "%3Cb%3E", "tab%09")) {
      assertThatThrownBy(() -> client.connect(serve.uri("/chat?room=" + bad + "&name=x")).get())
          .as("room=%s", bad)
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(new String(e.body(), StandardCharsets.UTF_8))
                .isEqualTo("bad room name: " + RoomName.RULE);
          });
    }
    String longest = "Az09-_.".repeat(9) + "x";
    try (Peer ok = join(longest, "Ada")) {
      assertThat(ok.next()).startsWith("{\"type\":\"welcome\",\"name\":\"Ada\",");
      assertThat(serve.server().topics().subscribers(longest)).isEqualTo(1);
    }
  }

  @Test
  void roomsListsTheRoomsWithPeopleInThemMostCrowdedFirst() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI rooms = URI.create("http://127.0.0.1:" + serve.port() + "/rooms");
    HttpResponse<String> empty = http.send(HttpRequest.newBuilder(rooms)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(empty.body()).isEqualTo("{\"rooms\":[]}");
    try (Peer a = join("blue", "A"); Peer b = join("blue", "B"); Peer c = join("green", "C")) {
      for (Peer p : List.of(a, b, c)) {
        p.next(); // welcomed: subscribed, so counted
      }
      String body = http.send(HttpRequest.newBuilder(rooms).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body).isEqualTo("{\"rooms\":[{\"name\":\"blue\",\"members\":2},"
          + "{\"name\":\"green\",\"members\":1}]}");
    }
    java.lang.ref.Reference.reachabilityFence(http);
  }
}
