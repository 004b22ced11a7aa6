package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeRequest;
import io.sockjet.HandshakeResponse;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;

/**
 * {@code sockjet serve --chat}: chat rooms. The page at {@code /} ({@link ChatPage}) connects to
 * {@code /chat?room=ROOM&name=NAME}; each room is a {@link ChatRoom}, which publishes what its
 * members say and who comes and goes to the server topic of its name. This class checks the
 * room at the handshake (400 for a bad name, see {@link RoomName}), routes each connection to its
 * room, and applies the rules that are about one member rather than one room: what a message may
 * be ({@link ChatText}) and how fast a member may send ({@link MessageRate}).
 *
 * <p>Threading: the listener's callbacks run on the connections' event loops, several at once;
 * they only read what the connection sent and hand the rest, in order, to the room's loop.
 */
final class ChatMode implements ServeMode, WebSocketListener {
  /**
   * Messages a member may have refused in a row for sending too fast before it is closed (1008):
   * a person who keeps typing through "slow down" gets that many warnings; a flooding program is
   * cut off within a few seconds.
   */
  static final int MAX_REFUSED_IN_A_ROW = 50;

  private static final String MEMBER = "sockjet.chat.member";
  private static final String RATE = "sockjet.chat.rate";

  private final ChatRooms rooms = new ChatRooms();
  private final int ratePerSecond; // 0: no limit

  /** Rooms whose members may each send {@code ratePerSecond} messages a second (0: any). */
  ChatMode(int ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
  }

  /**
   * One connection in the chat: its room, and the room's publish count when it was welcomed
   * (-1 until then), so its log line can count what the room sent it. Written on the room's
   * loop, read on the connection's.
   */
  private static final class Member {
    final ChatRoom room;
    volatile long publishedAtWelcome = -1;

    Member(ChatRoom room) {
      this.room = room;
    }
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

  /**
   * A member that does not keep up meets the connection's own overflow rule ({@code --max-queued},
   * {@code --on-overflow}), as when the room sent to each member alone: closed with 1008 by
   * default. Closing is the better default for a chat: a skipped member would keep a wrong list
   * of who is here (a presence event it missed), while a closed one can join again and be
   * welcomed with the right one.
   */
  @Override
  public SlowSubscriberPolicy slowSubscribers(LimitOptions limits) {
    return limits.asSlowSubscriberPolicy();
  }

  @Override
  public void configure(WebSocketServer.Builder builder) {
    builder.httpHandler(new ChatPage(rooms::listJson))
        .handshake(HandshakeHandler.sync(ChatMode::decide));
  }

  /** Accepts {@code /chat} with a good room name (or none), and hands the room to onOpen. */
  static HandshakeResponse decide(HandshakeRequest request) {
    if (!"/chat".equals(request.path())) {
      return HandshakeResponse.reject(404, "the chat's WebSocket is at /chat");
    }
    String room = request.queryParameter("room");
    if (room == null) {
      room = RoomName.DEFAULT;
    } else if (!RoomName.isValid(room)) {
      return HandshakeResponse.reject(400, "bad room name: " + RoomName.RULE);
    }
    return HandshakeResponse.accept().withAttachment(room);
  }

  @Override
  public void started(WebSocketServer server) {
    rooms.start(server);
  }

  @Override
  public void onOpen(WebSocket ws) {
    String wanted = ChatText.name(ws.request().queryParameter("name"));
    ChatRoom room = rooms.enter(ws.attachment());
    Member member = new Member(room);
    ws.setAttribute(MEMBER, member);
    room.execute(() -> member.publishedAtWelcome = room.admit(ws, wanted));
  }

  @Override
  public void onText(WebSocket ws, String raw) {
    Member member = ws.attribute(MEMBER);
    String text = ChatText.message(raw);
    if (member == null || text.isEmpty()) {
      return;
    }
    if (ChatText.tooLong(text)) {
      error(ws, "message not sent: longer than " + ChatText.MAX_MESSAGE + " characters");
      return;
    }
    if (!admit(ws, member.room)) {
      return;
    }
    member.room.execute(() -> {
      member.room.backlog.leave();
      if (!member.room.say(ws, text)) {
        error(ws, "message not sent: larger than the server's --max-outgoing");
      }
    });
  }

  /**
   * Whether a member's message may go to its room: within its rate and the room's backlog (it is
   * counted in the backlog if so). A refused message gets an error event; a member that keeps
   * flooding is closed (1008). On the member's loop.
   */
  private boolean admit(WebSocket ws, ChatRoom room) {
    if (ratePerSecond > 0 && !withinRate(ws)) {
      return false;
    }
    if (!room.backlog.tryEnter()) {
      error(ws, "message not sent: the room is busy, try again");
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
        error(ws, "message not sent: slow down (at most " + ratePerSecond + " messages a second)");
      }
      return false;
    }
    return true;
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    // RFC 6455 §7.4.1: 1003 "received a type of data it cannot accept".
    ws.close(1003, "the chat takes text messages");
  }

  @Override
  public void onMissed(WebSocket ws, String topic, long count) {
    // Only under a skipping --slow-subscribers: say so, since the list of who is here may be off.
    error(ws, "you missed " + count + " messages of this room: your connection is too slow");
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    Member member = ws.attribute(MEMBER);
    if (member == null) {
      return;
    }
    long welcomedAt = member.publishedAtWelcome;
    if (welcomedAt >= 0) {
      // Its log line counts what the room published while it was a member (offered, as a
      // broadcast's count is): one subtraction instead of a count per member per publish.
      ConnectionStats.sent(ws, member.room.published() - welcomedAt);
    }
    member.room.execute(() -> member.room.leave(ws));
  }

  private static void error(WebSocket ws, String text) {
    ws.sendText(ChatEvents.error(text));
    ConnectionStats.sent(ws);
  }
}
