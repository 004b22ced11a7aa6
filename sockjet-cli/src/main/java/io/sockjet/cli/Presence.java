package io.sockjet.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is in the chat room as its members have been told, and the joins and leaves not told yet.
 * {@link ChatRoom} records each join and leave here as it happens and, once per window, {@link
 * #flush() flushes}: one presence event that brings every member from the announced list to the
 * true one.
 *
 * <p>The announced list is what every member's view adds up to after the last flush: a newcomer
 * is welcomed with it ({@link #announcedJson()}), then receives the next flush like everyone
 * else, its own name among the joined. So "welcome list + the presence events after, in order" is
 * the true member list for every member, old or new.
 *
 * <p>Pending changes are kept net of the announced list: a name that joins and leaves before a
 * flush was never announced and is dropped from both lists; a name announced, left, and taken
 * again by someone new before a flush is in both {@code left} and {@code joined} (clients apply
 * {@code left} first). Names are unique among the members, so neither list holds a name twice.
 *
 * <p>Not thread-safe: the room guards it with its lock.
 */
final class Presence {
  private final Set<String> announced = new LinkedHashSet<>();
  private final Set<String> joined = new LinkedHashSet<>();
  private final Set<String> left = new LinkedHashSet<>();
  private String announcedJson = "[]"; // the announced list as JSON; null when stale

  /** {@code name} joined (it is free among the members: the room made it unique). */
  void join(String name) {
    joined.add(name);
  }

  /** {@code name}, a member, left. */
  void leave(String name) {
    if (!joined.remove(name)) {
      left.add(name); // announced, so its members must be told
    }
  }

  /** Whether a flush would send anything. */
  boolean pending() {
    return !joined.isEmpty() || !left.isEmpty();
  }

  /**
   * The presence event for the pending changes, which become announced; null when nothing is
   * pending (nothing to send). O(changes), plus one O(members) rebuild of the welcome list later.
   */
  String flush() {
    if (!pending()) {
      return null;
    }
    String event = ChatEvents.presence(joined, left);
    announced.removeAll(left);
    announced.addAll(joined);
    joined.clear();
    left.clear();
    announcedJson = null;
    return event;
  }

  /**
   * The announced list as a JSON array, for welcomes. Encoded at most once per flush, however many
   * newcomers a window brings: n joiners cost one O(n) encoding, not n.
   */
  String announcedJson() {
    if (announcedJson == null) {
      announcedJson = ChatEvents.list(announced);
    }
    return announcedJson;
  }

  /** The announced names, in the order they were announced (for tests). */
  List<String> announced() {
    return new ArrayList<>(announced);
  }
}
