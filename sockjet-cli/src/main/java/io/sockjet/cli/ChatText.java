package io.sockjet.cli;

/**
 * The chat's rules for what people type: names are cleaned and bounded, messages are cleaned and
 * checked against a length limit. Stateless and thread-safe.
 *
 * <p>Cleaning removes characters that would let one person disturb what others see: control
 * characters (a message keeps its line breaks and tabs) and the bidirectional-text overrides that
 * can make text read backwards. Names also lose other invisible format characters, except the
 * zero-width joiner that emoji sequences need. The page shows everything with {@code
 * textContent}, so markup is harmless text anyway; this is about what a reader is shown.
 */
final class ChatText {
  /** Longest name, in code points: enough for a full name, short enough for the user list. */
  static final int MAX_NAME = 32;
  /** Longest message, in code points: a long paragraph; the page's input enforces it too. */
  static final int MAX_MESSAGE = 2000;

  private static final int ZERO_WIDTH_JOINER = 0x200D;

  private ChatText() {}

  /**
   * {@code raw} as a display name: cleaned, runs of white space as one space, trimmed, cut to
   * {@link #MAX_NAME} code points; null if nothing is left (or {@code raw} is null).
   */
  static String name(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    int kept = 0;
    boolean space = false;
    for (int i = 0; i < raw.length() && kept < MAX_NAME; ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = b.length() > 0;
        continue;
      }
      if (Character.isISOControl(cp) || isBidiControl(cp)
          || (Character.getType(cp) == Character.FORMAT && cp != ZERO_WIDTH_JOINER)
          || Character.getType(cp) == Character.SURROGATE) {
        continue;
      }
      if (space) {
        if (kept + 2 > MAX_NAME) {
          break; // no room for the space and a character after it: no trailing space
        }
        b.append(' ');
        space = false;
        kept++;
      }
      b.appendCodePoint(cp);
      kept++;
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** {@code raw} as a message: cleaned and trimmed (possibly empty, or over the limit). */
  static String message(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if ((Character.isISOControl(cp) && cp != '\n' && cp != '\t') || isBidiControl(cp)) {
        continue;
      }
      b.appendCodePoint(cp);
    }
    return b.toString().strip();
  }

  /** Whether {@code text} is longer than {@link #MAX_MESSAGE} code points. */
  static boolean tooLong(String text) {
    return text.length() > MAX_MESSAGE && text.codePointCount(0, text.length()) > MAX_MESSAGE;
  }

  /** The explicit direction marks, embeddings, overrides and isolates of Unicode's bidi rules. */
  private static boolean isBidiControl(int cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }
}
