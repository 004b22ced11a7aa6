package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeResponse;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code sockjet serve --chat}: one room. The page at {@code /} ({@link ChatPage}) connects to
 * {@code /chat?name=...}; every text message a member sends goes to every member, encoded once by
 * {@link WebSocketServer#broadcast(String, java.util.function.Predicate)}, and members are told
 * who joins and leaves ({@link ChatEvents} has the format, {@link ChatText} the rules).
 *
 * <p>Joins and leaves are not broadcast one by one (n joins would cost n²/2 sends): {@link
 * Presence} collects them and one {@code presence} event per {@link #PRESENCE_WINDOW} tells every
 * member who came and went, encoded once. A newcomer's welcome lists the room as last announced,
 * encoded once per window. So a join costs its newcomer O(members) and every other member O(1),
 * amortized; a burst of joins costs each member one event per window, not one per join.
 *
 * <p>Threading: the listener's callbacks run on the connections' event loops, several at once;
 * they only read what the connection sent and hand the rest, in order, to the {@link RoomLoop},
 * one fixed loop that owns the room's state (no lock) and sends everything the room sends. So each
 * member gets one order of presence events and messages, the order the room sent them in, and
 * that order is consistent with the list it was welcomed with: a newcomer is not a member (and
 * gets no events) until it is welcomed; its welcome lists the room as of the last presence event,
 * and every presence event after it reaches the newcomer too, its own join among them. A message
 * never comes before the presence event that announces its sender: pending presence is flushed
 * just before a message is broadcast, and a connection's join, messages and leave reach the room
 * in the order its loop saw them.
 */
final class ChatRoom implements ServeMode, WebSocketListener {
  /**
   * How long joins and leaves are collected before one presence event tells them. Short enough
   * that a person sees "X joined" as it happens (under the ~250 ms at which a delay starts to be
   * noticed), long enough that a crowd joining at once costs each member at most 5 presence
   * events a second however fast it comes. A lone join waits at most this long, and a message
   * from the newcomer does not wait for it.
   */
  static final Duration PRESENCE_WINDOW = Duration.ofMillis(200);

  /**
   * Messages a member may have refused in a row for sending too fast before it is closed (1008):
   * a person who keeps typing through "slow down" gets that many warnings; a flooding program is
   * cut off within a few seconds.
   */
  static final int MAX_REFUSED_IN_A_ROW = 50;

  /**
   * Messages accepted but not yet broadcast that the room keeps at most. Each costs a send to
   * every member on the room's one loop; past this many the loop is behind, and new messages are
   * refused ("the room is busy") instead of piling up in memory.
   */
  static final int MAX_BACKLOG = 1_000;

  private static final String RATE = "sockjet.chat.rate";

  private final RoomLoop room = new RoomLoop();
  // Confined to the room's loop:
  private final Map<WebSocket, String> members = new HashMap<>();
  private final Set<String> taken = new HashSet<>(); // names in lower case
  private final Presence presence = new Presence();
  private boolean flushScheduled;
  private int guests;
  private volatile WebSocketServer server;
  private final Backlog backlog = new Backlog(MAX_BACKLOG);
  private final int ratePerSecond; // 0: no limit

  /** A room whose members may each send {@code ratePerSecond} messages a second (0: any). */
  ChatRoom(int ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
  }

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
    this.server = server; // before the room's work runs: start() publishes it to the loop
    room.start(server);
  }

  @Override
  public void onOpen(WebSocket ws) {
    String wanted = ChatText.name(ws.request().queryParameter("name"));
    room.execute(() -> admit(ws, wanted));
  }

  /** Names the newcomer, welcomes it, and makes it a member. On the room's loop. */
  private void admit(WebSocket ws, String wanted) {
    String name = unique(wanted != null ? wanted : "guest-" + (++guests));
    ws.sendText(ChatEvents.welcome(name, presence.announcedJson()));
    ConnectionStats.sent(ws);
    members.put(ws, name); // a member from now on: it gets the flush that announces it
    presence.join(name);
    scheduleFlush();
  }

  /** {@code name}, or {@code name (2)}, {@code name (3)}... whichever is free. */
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
    if (!admit(ws)) {
      return;
    }
    room.execute(() -> {
      backlog.leave();
      say(ws, text);
    });
  }

  /**
   * Whether a member's message may go to the room: within its rate and the room's backlog (it is
   * counted in the backlog if so). A refused message gets an error event; a member that keeps
   * flooding is closed (1008). On the member's loop.
   */
  private boolean admit(WebSocket ws) {
    if (ratePerSecond > 0 && !withinRate(ws)) {
      return false;
    }
    if (!backlog.tryEnter()) {
      ws.sendText(ChatEvents.error("message not sent: the room is busy, try again"));
      ConnectionStats.sent(ws);
      return false;
    }
    return true;
  }

  /** Whether the member is within its rate; refuses (and warns, then closes) if not. */
  private boolean withinRate(WebSocket ws) {
    long now = System.nanoTime();
    MessageRate rate = ws.attribute(RATE);
    if (rate == null) {
      rate = new MessageRate(ratePerSecond, now);
      ws.setAttribute(RATE, rate);
    }
    if (!rate.tryTake(now)) {
      if (rate.refusedInARow() >= MAX_REFUSED_IN_A_ROW) {
        ws.close(1008, "too many messages");
      } else if (rate.refusedInARow() == 1) { // one warning per run of refusals
        ws.sendText(ChatEvents.error("message not sent: slow down (at most "
            + ratePerSecond + " messages a second)"));
        ConnectionStats.sent(ws);
      }
      return false;
    }
    return true;
  }

  /** Sends what a member said to every member. On the room's loop. */
  private void say(WebSocket ws, String text) {
    String name = members.get(ws);
    if (name != null) {
      flush(); // everyone is told the sender is here before its message arrives
      broadcast(ChatEvents.message(name, text));
    }
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    // RFC 6455 §7.4.1: 1003 "received a type of data it cannot accept".
    ws.close(1003, "the chat takes text messages");
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    room.execute(() -> leave(ws));
  }

  /** Frees a member's name; its leave goes out with the next flush. On the room's loop. */
  private void leave(WebSocket ws) {
    String name = members.remove(ws);
    if (name != null) {
      taken.remove(name.toLowerCase(Locale.ROOT));
      presence.leave(name);
      scheduleFlush();
    }
  }

  /**
   * Arms the timer that flushes presence, unless it is armed: the first change of a window starts
   * it. The timer fires on any of the server's loops and hands the flush to the room's.
   */
  private void scheduleFlush() {
    if (flushScheduled) {
      return;
    }
    try {
      server.schedule(PRESENCE_WINDOW, () -> room.execute(this::flushOnTimer));
      flushScheduled = true;
    } catch (RejectedExecutionException e) {
      // The server's loops have stopped: its connections are closed, nobody is left to tell.
    }
  }

  /** The window is over: tell everyone who came and went. On the room's loop. */
  private void flushOnTimer() {
    flushScheduled = false;
    flush();
  }

  /** Sends the pending presence event to every member, if anything is pending. */
  private void flush() {
    String event = presence.flush();
    if (event != null) {
      broadcast(event);
    }
  }

  /**
   * Sends {@code json} to every member, encoded once. The filter runs here, on the room's loop,
   * so it may read the member map.
   */
  private void broadcast(String json) {
    server.broadcast(json, ws -> {
      boolean member = members.containsKey(ws);
      if (member) {
        ConnectionStats.sent(ws);
      }
      return member;
    });
  }
}
