package io.sockjet.cli;

/**
 * The chat's room names: 1 to 64 ASCII letters, digits, {@code -}, {@code _} or {@code .},
 * case-sensitive; a connection that names no room joins {@link #DEFAULT}. Stateless and
 * thread-safe.
 *
 * <p>Why so small an alphabet: a room's name travels in URLs, in the page, in topic names and in
 * log lines, and these characters need no escaping in any of them and cannot pass for one another
 * (no look-alike letters, no invisible or right-to-left characters). Names are checked, not
 * cleaned: a room is named by its link, and a link that quietly led to another room would be
 * worse than one refused.
 */
final class RoomName {
  /** The room of a connection whose URL names none. */
  static final String DEFAULT = "lobby";
  /** Longest room name: enough for a word or two, short enough for a list. */
  static final int MAX_LENGTH = 64;
  /** The rule, as a refused client is told it. */
  static final String RULE = "a room name is 1 to " + MAX_LENGTH
      + " letters (a-z, A-Z), digits, '-', '_' or '.'";

  private RoomName() {}

  /** Whether {@code name} is a room name (null is not). */
  static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
