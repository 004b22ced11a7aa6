package io.sockjet.internal;

import java.util.Arrays;

/**
 * Thread-safe without locks: small, lossy tables that hand out one instance for equal strings and
 * for equal arrays of them, so that the handshake requests kept by many open connections share
 * what they have in common: each line (the request line, Host, Origin, User-Agent, ...) and, for
 * requests alike but for their Sec-WebSocket-Key, the whole array of lines ({@link KeptRequest}).
 * Like {@link String#intern()}, but bounded, and holding nothing beyond its slots.
 *
 * <p>Each slot holds the last value that hashed to it: a miss returns the caller's value and takes
 * the slot. Threads race on slots without harm: strings are immutable and safely published
 * through their final fields, the arrays are never written once shared, so a reader sees null or
 * a whole value, and a lost write only costs a later miss.
 */
public final class LineCache {
  /** String slots: room for the distinct common lines of many kinds of client. */
  private static final int LINE_SLOTS = 1024;

  /** Array slots: room for the distinct heads of many kinds of client. */
  private static final int HEAD_SLOTS = 128;

  /**
   * Longer strings are never cached, and arrays holding one are never cached either: long lines
   * (cookies, tokens) are rarely shared. With {@link #MAX_LINES}, this bounds what the tables can
   * keep alive to about 1 MiB however hostile the requests.
   */
  static final int MAX_LENGTH = 256;

  /** Arrays of more lines are never cached. */
  static final int MAX_LINES = 24;

  private final String[] lines = new String[LINE_SLOTS];
  private final String[][] heads = new String[HEAD_SLOTS][];

  /** An instance equal to {@code line}: a cached one if there is one, else {@code line} itself. */
  String share(String line) {
    if (line.length() > MAX_LENGTH) {
      return line;
    }
    int i = spread(line.hashCode()) & (LINE_SLOTS - 1);
    String cached = lines[i];
    if (line.equals(cached)) {
      return cached;
    }
    lines[i] = line;
    return line;
  }

  /**
   * An array equal to {@code head}: a cached one if there is one, else {@code head} itself, which
   * the caller must then never write to.
   */
  String[] share(String[] head) {
    if (head.length > MAX_LINES) {
      return head;
    }
    for (String line : head) {
      if (line.length() > MAX_LENGTH) {
        return head;
      }
    }
    int i = spread(Arrays.hashCode(head)) & (HEAD_SLOTS - 1);
    String[] cached = heads[i];
    if (Arrays.equals(head, cached)) {
      return cached;
    }
    heads[i] = head;
    return head;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
