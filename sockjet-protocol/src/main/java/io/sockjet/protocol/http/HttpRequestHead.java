package io.sockjet.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable. The request line and header fields of an HTTP/1.x request (RFC 9112 §3).
 *
 * @param method the method token, case-sensitive (RFC 9110 §9.1), e.g. {@code GET}
 * @param target the request-target exactly as received, e.g. {@code /chat?room=1}
 * @param versionMajor the HTTP major version, 1 for every head the parser returns
 * @param versionMinor the HTTP minor version
 * @param headers the header fields in order
 */
public record HttpRequestHead(String method, String target, int versionMajor, int versionMinor, HttpHeaders headers) {
  /** Rejects nulls; the syntax of each part is the parser's or the writer's business. */
  public HttpRequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
  }

  /** Whether the version is HTTP/1.1 or later, as RFC 6455 §4.2.1 requires of an upgrade. */
  public boolean isAtLeastHttp11() {
    return versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1);
  }

  /**
   * The path of the target, still percent-encoded: the origin-form target up to the first
   * {@code ?}. For an absolute-form target ({@code http://host/p?q}, RFC 9112 §3.2.2) the path
   * after the authority, {@code /} when empty. For {@code *} or an authority-form target, the
   * target itself.
   */
  public String path() {
    String t = pathAndQuery();
    int q = t.indexOf('?');
    return q < 0 ? t : t.substring(0, q);
  }

  /** The raw query after the first {@code ?} (without it), or {@code null} when there is none. */
  public String query() {
    String t = pathAndQuery();
    int q = t.indexOf('?');
    return q < 0 ? null : t.substring(q + 1);
  }

  /**
   * The query's {@code name=value} pairs split at {@code &}, names and values percent-decoded as
   * UTF-8 with {@code +} read as a space (the HTML form convention most servers follow). A pair
   * without {@code =} has the value {@code ""}; empty pairs are skipped. Decoding never fails: a
   * {@code %} not followed by two hex digits stays as it is, and bytes that are not UTF-8 become
   * U+FFFD, because the query is the peer's input and a malformed one must not throw.
   *
   * @return names in order of first appearance, each with its values in order; unmodifiable
   */
  public Map<String, List<String>> queryParameters() {
    String query = query();
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /** The target with the scheme and authority of an absolute-form target removed. */
  private String pathAndQuery() {
    int scheme = target.indexOf("://");
    if (scheme <= 0 || target.startsWith("/")) {
      return target;
    }
    int slash = target.indexOf('/', scheme + 3);
    int question = target.indexOf('?', scheme + 3);
    int start = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
    if (start < 0) {
      return "/";
    }
    String rest = target.substring(start);
    return rest.startsWith("?") ? "/" + rest : rest;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 3;
      } else if (c == '+') {
        bytes.write(' ');
        i++;
      } else {
        // The parser admits only visible US-ASCII in a target, but a head built by hand may hold
        // more: such characters are kept as their UTF-8 bytes.
        int cp = s.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
