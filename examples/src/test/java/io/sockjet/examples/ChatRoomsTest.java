package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sockjet.WebSocketHandshakeException;
import io.sockjet.WebSocketServer;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ChatRoomsTest extends ExampleServerTest {
  @Override
  WebSocketServer start() {
    return ChatRooms.start(0);
  }

  private TestClient join(String room, String name) throws Exception {
    int before = server.topics().subscribers(room);
    TestClient member = connect("/chat/" + room + "?name=" + name);
    // The client is open once it reads the 101; the server subscribes it just after writing it.
    while (server.topics().subscribers(room) == before) {
      Thread.sleep(5);
    }
    return member;
  }

  @Test
  void aMessageReachesTheOthersInItsRoomOnly() throws Exception {
    TestClient ada = join("lobby", "ada");
    TestClient bob = join("lobby", "bob");
    TestClient carol = join("kitchen", "carol");
    assertEquals("bob joined", ada.next());

    ada.ws.sendText("hi all");
    assertEquals("ada: hi all", bob.next());
    carol.ws.sendText("anyone?");
    bob.ws.sendText("still here");
    assertEquals("bob: still here", ada.next());
    // Nobody heard their own words, and the kitchen and the lobby did not hear each other.
    assertNull(carol.poll(200));
    assertNull(bob.poll(0));

    bob.ws.close();
    assertEquals("bob left", ada.next());
  }

  @Test
  void aRequestWithoutRoomOrNameIsRefusedWith404() {
    CompletionException e = assertThrows(CompletionException.class,
        () -> client.connect(URI.create("ws://localhost:" + server.port() + "/chat/lobby")).join());
    WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
    assertEquals(404, refused.status());
  }
}
