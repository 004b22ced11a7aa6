package io.sockjet.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Stateless: reads a request's path as the names of files and folders under a served folder
 * ({@code --dir}, {@code --static}), refusing any path that could lead out of it or to what it
 * hides. Checked after percent-decoding, so {@code %2e%2e} is {@code ..} here too.
 */
final class UrlPath {
  private UrlPath() {}

  /**
   * The segments of {@code rawPath} (percent-decoded; the last is empty for a path ending in
   * '/'), or null when the path does not start with '/' or a segment is empty (but the last),
   * {@code ..}, {@code .}, hidden (starts with a dot, such as {@code .git}), or holds a backslash
   * or NUL.
   */
  static String[] segments(String rawPath) {
    String path = decode(rawPath);
    if (!path.startsWith("/")) {
      return null;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean emptyLast = s.isEmpty() && i == segments.length - 1;
      if (!emptyLast && (s.isEmpty() || s.charAt(0) == '.' || s.indexOf('\\') >= 0
          || s.indexOf('\0') >= 0)) {
        return null;
      }
    }
    return segments;
  }

  /** Percent-decodes a path ('+' stays itself: it means a space only in a query). */
  static String decode(String path) {
    try {
      return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return path; // a stray '%': keep it as sent
    }
  }
}
