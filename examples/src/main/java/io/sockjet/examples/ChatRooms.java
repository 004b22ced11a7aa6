package io.sockjet.examples;

import io.sockjet.CloseEvent;
import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeResponse;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.time.Duration;

/**
 * A chat with rooms: {@code ws://host:port/chat/ROOM?name=NAME} joins ROOM as NAME. Each room is
 * a server topic, so a message is framed once for the whole room and every member sees the
 * room's messages in one order.
 *
 * <pre>
 * java io.sockjet.examples.ChatRooms 8080
 * ./sockjet connect 'ws://localhost:8080/chat/lobby?name=ada'
 * </pre>
 */
public final class ChatRooms {
  private ChatRooms() {}

  /** Who a connection is, decided once in the handshake. */
  record Member(String name, String room) {}

  /** Starts the chat on {@code port} (0: any free port). */
  public static WebSocketServer start(int port) {
    return WebSocketServer.builder()
        .port(port)
        .handshake(HandshakeHandler.sync(request -> {
          String name = request.queryParameter("name");
          if (!request.path().startsWith("/chat/") || name == null || name.isBlank()) {
            return HandshakeResponse.reject(404, "use /chat/ROOM?name=NAME\n");
          }
          String room = request.path().substring("/chat/".length());
          return HandshakeResponse.accept().withAttachment(new Member(name, room));
        }))
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            Member me = ws.attachment();
            ws.subscribe(me.room());
            ws.publish(me.room(), me.name() + " joined");
          }

          @Override
          public void onText(WebSocket ws, String text) {
            Member me = ws.attachment();
            // To everyone in the room but the sender, who shows its own message itself.
            ws.publish(me.room(), me.name() + ": " + text);
          }

          @Override
          public void onClose(WebSocket ws, CloseEvent event) {
            // A closed connection has left its topics already; tell the others.
            Member me = ws.attachment();
            ws.publish(me.room(), me.name() + " left");
          }
        })
        .start();
  }

  public static void main(String[] args) {
    WebSocketServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("chat on ws://localhost:" + server.port() + "/chat/ROOM?name=NAME");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5)).join()));
  }
}
