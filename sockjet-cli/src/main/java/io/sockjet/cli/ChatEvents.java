package io.sockjet.cli;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The chat's server-to-client messages: one JSON object per WebSocket text message, with a
 * {@code type}. Clients send plain text (each message is something said), so the server only
 * writes JSON and needs no parser. Stateless and thread-safe.
 *
 * <pre>
 * {"type":"welcome","name":"Ada","users":["Grace"]}         to a newcomer: its name, who is here
 * {"type":"presence","joined":["Ada","Bob"],"left":["Eve"]} to everyone: who came and went
 * {"type":"message","name":"Ada","text":"hello"}
 * {"type":"error","text":"..."}                             to one client: what it sent was refused
 * </pre>
 *
 * <p>Each event goes to the members of one room (the room is the URL's, {@code /chat?room=NAME});
 * the page's list of rooms comes from {@code GET /rooms}, {@link #rooms}.
 *
 * <p>Joins and leaves are coalesced into {@code presence} events, one per short window at most
 * (see {@link ChatRoom}; a message can bring the next one forward), both lists always present,
 * each name at most once per list. A client keeps
 * its user list as the welcome's {@code users}, then for each {@code presence} removes the {@code
 * left} names and then adds the {@code joined} ones (a name can be in both when someone left and
 * someone new took the name). The newcomer's own name comes in a {@code presence} event after
 * its welcome, like everyone else's; {@code users} is the room as every member was last told of
 * it. A {@code message} always comes after the {@code presence} event that announced its sender.
 */
final class ChatEvents {
  private ChatEvents() {}

  /**
   * Tells a newcomer the name it got (cleaned, made unique) and who is in the room: {@code
   * usersJson} is the list encoded by {@link #list(Collection)}, which the room encodes once for
   * all the newcomers of a window.
   */
  static String welcome(String name, String usersJson) {
    StringBuilder b = new StringBuilder(40 + name.length() + usersJson.length());
    b.append("{\"type\":\"welcome\",\"name\":");
    return quote(b, name).append(",\"users\":").append(usersJson).append('}').toString();
  }

  /** Who came and who went since the last presence event. */
  static String presence(Collection<String> joined, Collection<String> left) {
    StringBuilder b = new StringBuilder("{\"type\":\"presence\",\"joined\":");
    array(b, joined).append(",\"left\":");
    return array(b, left).append('}').toString();
  }

  /** {@code names} as a JSON array of strings. */
  static String list(Collection<String> names) {
    return array(new StringBuilder(), names).toString();
  }

  private static StringBuilder array(StringBuilder b, Collection<String> names) {
    b.append('[');
    boolean first = true;
    for (String name : names) {
      if (!first) {
        b.append(',');
      }
      quote(b, name);
      first = false;
    }
    return b.append(']');
  }

  /**
   * The rooms and how many members each has, for the page's room list: {@code
   * {"rooms":[{"name":"lobby","members":3}]}}, in the order given.
   */
  static String rooms(List<Map.Entry<String, Integer>> counts) {
    StringBuilder b = new StringBuilder("{\"rooms\":[");
    for (int i = 0; i < counts.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      quote(b.append("{\"name\":"), counts.get(i).getKey())
          .append(",\"members\":").append(counts.get(i).getValue()).append('}');
    }
    return b.append("]}").toString();
  }

  /** Someone said something. */
  static String message(String name, String text) {
    StringBuilder b = new StringBuilder("{\"type\":\"message\",\"name\":");
    quote(b, name).append(",\"text\":");
    return quote(b, text).append('}').toString();
  }

  /** What the client sent was refused, and why. */
  static String error(String text) {
    return quote(new StringBuilder("{\"type\":\"error\",\"text\":"), text).append('}').toString();
  }

  /**
   * Appends {@code s} as a JSON string (RFC 8259 §7): quote, backslash and every control
   * character escaped; U+2028 and U+2029 too, so the text is also safe inside a JavaScript
   * literal.
   */
  static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
