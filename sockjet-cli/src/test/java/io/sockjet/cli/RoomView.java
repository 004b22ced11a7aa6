package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One member's idea of who is in the chat room, built as the page builds it: the welcome's users,
 * then each presence event in order (left removed, then joined added). Fails at the first event
 * that does not fit: a welcome not first, a leave of someone not listed, a join of someone
 * listed, a message from someone it has not been told of. Reads the simple names tests use (no
 * quotes or escapes). Not thread-safe: one test thread feeds it.
 */
final class RoomView {
  private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"\\\\]*)\"");
  private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");

  private final Set<String> users = new LinkedHashSet<>();
  private String me;
  private int presenceEvents;
  private int messages;

  /** Applies one event received by this member. */
  void apply(String json) {
    if (json.startsWith("{\"type\":\"welcome\",")) {
      assertThat(me).as("one welcome, first: %s", json).isNull();
      me = first(NAME, json);
      List<String> listed = array(json, "users");
      users.addAll(listed);
      assertThat(users).as("no name twice in %s", json).hasSameSizeAs(listed);
      return;
    }
    assertThat(me).as("welcomed before %s", json).isNotNull();
    if (json.startsWith("{\"type\":\"presence\",")) {
      presenceEvents++;
      for (String name : array(json, "left")) {
        assertThat(users.remove(name)).as("%s: %s left but was not listed", me, name).isTrue();
      }
      for (String name : array(json, "joined")) {
        assertThat(users.add(name)).as("%s: %s joined but was listed", me, name).isTrue();
      }
    } else if (json.startsWith("{\"type\":\"message\",")) {
      messages++;
      String from = first(NAME, json);
      assertThat(users).as("%s got a message from %s before being told %s is here", me, from, from)
          .contains(from);
    } else {
      fail("%s: unexpected event %s", me, json);
    }
  }

  /** Applies every event the peer has received so far. */
  RoomView drain(Peer peer) {
    for (String json; (json = peer.texts.poll()) != null; ) {
      apply(json);
    }
    return this;
  }

  /** The name this member was welcomed with; null before its welcome. */
  String me() {
    return me;
  }

  Set<String> users() {
    return users;
  }

  int presenceEvents() {
    return presenceEvents;
  }

  int messages() {
    return messages;
  }

  private static String first(Pattern p, String json) {
    Matcher m = p.matcher(json);
    assertThat(m.find()).as("a name in %s", json).isTrue();
    return m.group(1);
  }

  private static List<String> array(String json, String key) {
    int start = json.indexOf("\"" + key + "\":[");
    assertThat(start).as("%s in %s", key, json).isNotNegative();
    start += key.length() + 4;
    String inside = json.substring(start, json.indexOf(']', start));
    List<String> names = new ArrayList<>();
    Matcher m = STRING.matcher(inside);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
