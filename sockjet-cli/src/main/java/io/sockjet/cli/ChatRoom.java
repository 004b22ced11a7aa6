package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeResponse;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code sockjet serve --chat}: one room. The page at {@code /} ({@link ChatPage}) connects to
 * {@code /chat?name=...}; every text message a member sends goes to every member, encoded once by
 * {@link WebSocketServer#broadcast(String, java.util.function.Predicate)}, and members are told
 * who joins and leaves ({@link ChatEvents} has the format, {@link ChatText} the rules).
 *
 * <p>Threading: callbacks run on the connections' event loops, several at once. The member map is
 * guarded by its own lock, and every event is broadcast while holding it, so each member sees one
 * order of joins and leaves, consistent with the user list it was welcomed with: a newcomer is
 * not a member (and gets no events) until it is welcomed.
 */
final class ChatRoom implements ServeMode, WebSocketListener {
  private final Map<WebSocket, String> members = new LinkedHashMap<>(); // guarded by itself
  private final Set<String> taken = new HashSet<>(); // names in lower case; guarded by members
  private int guests; // guarded by members
  private volatile WebSocketServer server;

  @Override
  public String name() {
    return "chat";
  }

  @Override
  public String path() {
    return "/chat";
  }

  @Override
  public WebSocketListener listener() {
    return this;
  }

  @Override
  public void configure(WebSocketServer.Builder builder) {
    builder.httpHandler(new ChatPage()).handshake(HandshakeHandler.sync(request ->
        "/chat".equals(request.path()) ? HandshakeResponse.accept()
            : HandshakeResponse.reject(404, "the chat's WebSocket is at /chat")));
  }

  @Override
  public void started(WebSocketServer server) {
    this.server = server;
  }

  @Override
  public void onOpen(WebSocket ws) {
    String wanted = ChatText.name(ws.request().queryParameter("name"));
    synchronized (members) {
      String name = unique(wanted != null ? wanted : "guest-" + (++guests));
      members.put(ws, name);
      ws.sendText(ChatEvents.welcome(name, members.values()));
      ConnectionStats.sent(ws);
      broadcast(ChatEvents.join(name));
    }
  }

  /** {@code name}, or {@code name (2)}, {@code name (3)}... whichever is free. Holds the lock. */
  private String unique(String name) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
      candidate = name + " (" + n + ")";
    }
    return candidate;
  }

  @Override
  public void onText(WebSocket ws, String raw) {
    String text = ChatText.message(raw);
    if (text.isEmpty()) {
      return;
    }
    if (ChatText.tooLong(text)) {
      ws.sendText(ChatEvents.error("message not sent: longer than " + ChatText.MAX_MESSAGE
          + " characters"));
      ConnectionStats.sent(ws);
      return;
    }
    synchronized (members) {
      String name = members.get(ws);
      if (name != null) {
        broadcast(ChatEvents.message(name, text));
      }
    }
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    // RFC 6455 §7.4.1: 1003 "received a type of data it cannot accept".
    ws.close(1003, "the chat takes text messages");
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    synchronized (members) {
      String name = members.remove(ws);
      if (name != null) {
        taken.remove(name.toLowerCase(Locale.ROOT));
        broadcast(ChatEvents.leave(name));
      }
    }
  }

  /** Sends {@code json} to every member. Holds the lock. */
  private void broadcast(String json) {
    WebSocketServer s = server;
    if (s == null) {
      // A connection can open between the server binding and started(): no shared frame yet.
      for (WebSocket member : members.keySet()) {
        member.sendText(json);
        ConnectionStats.sent(member);
      }
      return;
    }
    s.broadcast(json, ws -> {
      boolean member = members.containsKey(ws);
      if (member) {
        ConnectionStats.sent(ws);
      }
      return member;
    });
  }
}
