package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chat room, and the server topic of the same name: its members are the topic's subscribers,
 * and everything the room says to all of them (presence events, messages) is published there,
 * encoded once ({@link io.sockjet.Topics#publish(String, CharSequence)}). So a message costs the
 * members of its room, whatever the rest of the server holds. {@link ChatEvents} has the format,
 * {@link ChatMode} routes connections here.
 *
 * <p>Joins and leaves are not published one by one (n joins would cost n²/2 sends): {@link
 * Presence} collects them and one {@code presence} event per {@link #PRESENCE_WINDOW} tells every
 * member who came and went. A newcomer's welcome lists the room as last announced, encoded once
 * per window. So a join costs its newcomer O(members) and every other member O(1), amortized; a
 * burst of joins costs each member one event per window, not one per join.
 *
 * <p>Threading: the room's state is confined to its {@link RoomLoop}, one fixed event loop of the
 * server, where {@link #admit}, {@link #say}, {@link #leave} and the presence timer run, in the
 * order they were handed over. Everything the room sends is sent or published from that one
 * thread, and a topic delivers in the order of its publishes, so each member gets one order of
 * presence events and messages, consistent with the list it was welcomed with: a newcomer is
 * welcomed, then subscribed, so it gets every presence event after its welcome, its own join
 * among them, and nothing before. A message never comes before the presence event that announces
 * its sender: pending presence is published just before the message, and a connection's join,
 * messages and leave reach the room in the order its loop saw them. {@link #enter}, {@link
 * #execute}, {@link #backlog} and {@link #published} are safe from any thread.
 *
 * <p>Life: a room exists while connections are in it. {@link ChatRooms} makes it for the first,
 * and it retires (leaves the registry, never to take anyone again) on its loop when the last one
 * leaves, after that connection's messages, so a room of the same name made later never hears
 * anything of this one.
 */
final class ChatRoom {
  /**
   * How long joins and leaves are collected before one presence event tells them. Short enough
   * that a person sees "X joined" as it happens (under the ~250 ms at which a delay starts to be
   * noticed), long enough that a crowd joining at once costs each member at most 5 presence
   * events a second however fast it comes. A lone join waits at most this long, and a message
   * from the newcomer does not wait for it.
   */
  static final Duration PRESENCE_WINDOW = Duration.ofMillis(200);

  /**
   * Messages accepted but not yet published that a room keeps at most. Each costs a send to every
   * member, made from the room's one loop; past this many the loop is behind, and new messages
   * are refused ("the room is busy") instead of piling up in memory.
   */
  static final int MAX_BACKLOG = 1_000;

  /** The room's name, which is also its topic's. */
  final String name;
  /** Messages accepted for the room and not yet published; members' loops enter them. */
  final Backlog backlog = new Backlog(MAX_BACKLOG);
  private final ChatRooms rooms; // told when the room retires
  private final RoomLoop loop = new RoomLoop();
  // Connections routed here whose leave has not run yet; -1 once retired. Any thread.
  private final AtomicInteger connections = new AtomicInteger();
  private volatile long published; // written on the room's loop only; read for log lines
  private volatile WebSocketServer server; // set by start, before any of the room's work runs
  // Confined to the room's loop:
  private final Map<WebSocket, String> members = new HashMap<>();
  private final Set<String> taken = new HashSet<>(); // names in lower case
  private Presence presence = new Presence();
  private boolean flushScheduled;
  private int guests;

  /** A room named {@code name}, which tells {@code rooms} when it retires. */
  ChatRoom(String name, ChatRooms rooms) {
    this.name = name;
    this.rooms = rooms;
  }

  /** Takes one of {@code server}'s loops for the room and runs the work handed over so far. */
  void start(WebSocketServer server) {
    this.server = server; // before the loop starts: the loop's tasks then see it
    loop.start(server);
  }

  /**
   * Counts a connection in; false if the room has retired (the caller makes a new one). Any
   * thread; every connection counted in must have its {@link #leave} run once.
   */
  boolean enter() {
    for (int now = connections.get(); now >= 0; now = connections.get()) {
      if (connections.compareAndSet(now, now + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code task} on the room's loop, after everything handed over before it. */
  void execute(Runnable task) {
    loop.execute(task);
  }

  /** Messages and presence events the room has published so far. Any thread. */
  long published() {
    return published;
  }

  /**
   * Names the newcomer, welcomes it and subscribes it: a member from now on. Returns the count
   * of publishes it was welcomed after (for its log line), or -1 if it closed meanwhile. On the
   * room's loop.
   */
  long admit(WebSocket ws, String wanted) {
    String given = unique(wanted != null ? wanted : "guest-" + (++guests));
    ws.sendText(ChatEvents.welcome(given, presence.announcedJson()));
    ConnectionStats.sent(ws);
    // After the welcome, from this thread: every later publish, the flush that announces the
    // newcomer first, comes after the welcome on its connection.
    if (!ws.subscribe(name)) {
      taken.remove(given.toLowerCase(Locale.ROOT)); // closed already; its leave is queued
      return -1;
    }
    members.put(ws, given);
    presence.join(given);
    scheduleFlush();
    return published;
  }

  /** {@code name}, or {@code name (2)}, {@code name (3)}... whichever is free. */
  private String unique(String name) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
      candidate = name + " (" + n + ")";
    }
    return candidate;
  }

  /**
   * Publishes what a member said; false if the server's outgoing limit is too small for it. On
   * the room's loop.
   */
  boolean say(WebSocket ws, String text) {
    String member = members.get(ws);
    if (member == null) {
      return true; // it closed before it was welcomed: nobody to speak for
    }
    flush(); // everyone is told the sender is here before its message arrives
    return publish(ChatEvents.message(member, text), false);
  }

  /**
   * A connection routed here closed (the library has unsubscribed it): frees its name, and its
   * leave goes out with the next flush. The room retires if it was the last. On the room's loop.
   */
  void leave(WebSocket ws) {
    String member = members.remove(ws);
    if (member != null) {
      taken.remove(member.toLowerCase(Locale.ROOT));
      if (members.isEmpty()) {
        // Nobody is left to tell, and whoever comes next starts from an empty list.
        presence = new Presence();
      } else {
        presence.leave(member);
        scheduleFlush();
      }
    }
    if (connections.decrementAndGet() == 0 && connections.compareAndSet(0, -1)) {
      rooms.retired(this); // no task of a member is left behind this one
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
      server.schedule(PRESENCE_WINDOW, () -> loop.execute(this::flushOnTimer));
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

  /** Publishes the pending presence event to the room, if anything is pending. */
  private void flush() {
    String event = presence.flush();
    if (event != null) {
      // Too big for --max-outgoing: the members' lists drift, as they would with a lost event;
      // nothing better can be done than the limit the server was given. Presence is this
      // node's: with --redis, each node's members see who is connected there.
      publish(event, true);
    }
  }

  /**
   * Publishes {@code json} to the room's topic, encoded once, to this node's members only if
   * {@code local}; false if it is over the limit.
   */
  private boolean publish(String json, boolean local) {
    try {
      if (local) {
        server.topics().publishLocally(name, json);
      } else {
        server.topics().publish(name, json);
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    published++; // one writer, this loop: no lost update
    return true;
  }
}
