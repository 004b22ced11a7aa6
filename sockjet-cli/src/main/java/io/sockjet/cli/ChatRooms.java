package io.sockjet.cli;

import io.sockjet.WebSocketServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat's rooms by name. A room is made for its first connection and forgotten when its last
 * one leaves ({@link ChatRoom#leave}), so rooms cost memory only while someone is in them, and a
 * client cannot fill the server by naming rooms. Thread-safe.
 *
 * <p>Connections can open before the server is handed over ({@link #start}): the rooms made
 * meanwhile wait, their work queued in order, and start with the server.
 */
final class ChatRooms {
  /** Rooms the page's list shows at most, the most crowded first. */
  static final int MAX_LISTED = 100;

  private final ConcurrentHashMap<String, ChatRoom> rooms = new ConcurrentHashMap<>();
  private final Object startLock = new Object();
  private List<ChatRoom> unstarted = new ArrayList<>(); // guarded by startLock; null once started
  private volatile WebSocketServer server;

  /** Starts the rooms made so far on {@code server}'s loops, and every later one at once. */
  void start(WebSocketServer server) {
    synchronized (startLock) {
      this.server = server;
      for (ChatRoom room : unstarted) {
        room.start(server);
      }
      unstarted = null;
    }
  }

  /** The room named {@code name}, made if need be, with one more connection counted in. */
  ChatRoom enter(String name) {
    while (true) {
      ChatRoom room = rooms.computeIfAbsent(name, this::create);
      if (room.enter()) {
        return room;
      }
      // It retired between the lookup and the count and is on its way out: help it go, and
      // make a new one.
      rooms.remove(name, room);
    }
  }

  private ChatRoom create(String name) {
    ChatRoom room = new ChatRoom(name, this);
    WebSocketServer s = server;
    if (s == null) {
      synchronized (startLock) {
        if (unstarted != null) {
          unstarted.add(room);
          return room;
        }
        s = server;
      }
    }
    room.start(s);
    return room;
  }

  /** {@code room} has nobody left and takes nobody more. */
  void retired(ChatRoom room) {
    rooms.remove(room.name, room);
  }

  /**
   * The rooms with members now, as the JSON of {@link ChatEvents#rooms}: the {@link #MAX_LISTED}
   * most crowded, by members and then name. Members are the room topic's subscribers: people
   * welcomed and not gone.
   */
  String listJson() {
    WebSocketServer s = server;
    List<Map.Entry<String, Integer>> counts = new ArrayList<>();
    if (s != null) {
      for (String name : rooms.keySet()) {
        int members = s.topics().subscribers(name);
        if (members > 0) {
          counts.add(Map.entry(name, members));
        }
      }
    }
    counts.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return ChatEvents.rooms(counts.subList(0, Math.min(MAX_LISTED, counts.size())));
  }
}
