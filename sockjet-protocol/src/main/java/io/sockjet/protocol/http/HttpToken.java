package io.sockjet.protocol.http;

/**
 * Stateless and thread-safe. The RFC 9110 §5.6.2 {@code token} grammar, shared by method names,
 * field names, upgrade protocols, subprotocols and extension names and parameters.
 *
 * <pre>
 * token  = 1*tchar
 * tchar  = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." /
 *          "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 * </pre>
 */
public final class HttpToken {
  /** Indexed by US-ASCII code; every code at or above 128 is outside the grammar. */
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private HttpToken() {}

  /** Whether {@code c} is a {@code tchar}. */
  public static boolean isTokenChar(int c) {
    return c >= 0 && c < TCHAR.length && TCHAR[c];
  }

  /** Whether {@code s} is a non-empty run of {@code tchar}s. */
  public static boolean isToken(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
