package io.sockjet;

/**
 * Thread-safe without locks: a small, lossy table that hands out one instance for equal strings,
 * so that the handshake requests kept by many open connections share the lines they have in
 * common (the request line, Host, Origin, User-Agent, ...) instead of holding a copy each. Like
 * {@link String#intern()}, but bounded, and holding nothing beyond its slots.
 *
 * <p>Each slot holds the last string that hashed to it: a miss returns the caller's string and
 * takes the slot. Threads race on slots without harm: a String is immutable and safely published
 * through its final fields, so a reader sees null or a whole String, and a lost write only costs a
 * later miss.
 */
final class StringCache {
  /** Slots: room for the distinct common lines of many kinds of client (4 KiB of references). */
  private static final int SLOTS = 1024;

  /**
   * Longer strings are returned as they are: long lines (cookies, tokens) are rarely shared, and
   * the cap bounds what the table can keep alive to about SLOTS x 300 bytes.
   */
  static final int MAX_LENGTH = 256;

  private final String[] slots = new String[SLOTS];

  /** An instance equal to {@code s}: a cached one if there is one, else {@code s} itself. */
  String share(String s) {
    if (s.length() > MAX_LENGTH) {
      return s;
    }
    int h = s.hashCode();
    int i = (h ^ (h >>> 16)) & (SLOTS - 1);
    String cached = slots[i];
    if (s.equals(cached)) {
      return cached;
    }
    slots[i] = s;
    return s;
  }
}
