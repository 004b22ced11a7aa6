package io.sockjet.cli;

import java.util.Collection;

/**
 * The chat's server-to-client messages: one JSON object per WebSocket text message, with a
 * {@code type}. Clients send plain text (each message is something said), so the server only
 * writes JSON and needs no parser. Stateless and thread-safe.
 *
 * <pre>
 * {"type":"welcome","name":"Ada","users":["Grace","Ada"]}   to a newcomer: its name, who is here
 * {"type":"join","name":"Ada"}                              to everyone, the newcomer included
 * {"type":"message","name":"Ada","text":"hello"}
 * {"type":"leave","name":"Ada"}
 * {"type":"error","text":"..."}                             to one client: what it sent was refused
 * </pre>
 */
final class ChatEvents {
  private ChatEvents() {}

  /** Tells a newcomer the name it got (cleaned, made unique) and who is in the room. */
  static String welcome(String name, Collection<String> users) {
    StringBuilder b = new StringBuilder("{\"type\":\"welcome\",\"name\":");
    quote(b, name).append(",\"users\":[");
    boolean first = true;
    for (String user : users) {
      if (!first) {
        b.append(',');
      }
      quote(b, user);
      first = false;
    }
    return b.append("]}").toString();
  }

  /** Someone joined. */
  static String join(String name) {
    return quote(new StringBuilder("{\"type\":\"join\",\"name\":"), name).append('}').toString();
  }

  /** Someone left. */
  static String leave(String name) {
    return quote(new StringBuilder("{\"type\":\"leave\",\"name\":"), name).append('}').toString();
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
