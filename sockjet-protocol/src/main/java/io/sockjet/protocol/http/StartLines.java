package io.sockjet.protocol.http;

import java.util.function.Function;

/** Stateless. Parsers for the two kinds of start line (RFC 9112 §3 and §4). */
final class StartLines {
  /** {@code "HTTP/1.1"}: RFC 9112 §2.3 HTTP-version = HTTP-name "/" DIGIT "." DIGIT. */
  private static final int VERSION_LENGTH = 8;

  private StartLines() {}

  /** RFC 9112 §3: request-line = method SP request-target SP HTTP-version. */
  static Function<HttpHeaders, HttpRequestHead> request(String line) throws HttpParseException {
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
      throw HeadParser.badRequest("request line is not \"method SP target SP version\": " + HeadParser.quote(line));
    }
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    if (!HttpToken.isToken(method)) {
      throw HeadParser.badRequest("method is not a token: " + HeadParser.quote(method));
    }
    if (target.isEmpty()) {
      throw HeadParser.badRequest("empty request target");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      // RFC 3986 URI characters are all visible US-ASCII; anything else is not a target.
      if (c <= 0x20 || c >= 0x7f) {
        throw HeadParser.badRequest("request target holds byte 0x" + Integer.toHexString(c));
      }
    }
    int[] version = version(line, sp2 + 1);
    if (version[0] != 1) {
      throw new HttpParseException(
          HttpParseException.VERSION_NOT_SUPPORTED, "HTTP major version " + version[0] + " is not supported");
    }
    return headers -> new HttpRequestHead(method, target, version[0], version[1], headers);
  }

  /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
  static Function<HttpHeaders, HttpResponseHead> response(String line) throws HttpParseException {
    int statusEnd = VERSION_LENGTH + 4;
    if (line.length() < statusEnd || line.charAt(VERSION_LENGTH) != ' ') {
      throw HeadParser.badRequest("status line is not \"version SP status SP reason\": " + HeadParser.quote(line));
    }
    int[] version = version(line.substring(0, VERSION_LENGTH), 0);
    if (version[0] != 1) {
      throw new HttpParseException(
          HttpParseException.VERSION_NOT_SUPPORTED, "HTTP major version " + version[0] + " is not supported");
    }
    int status = 0;
    for (int i = VERSION_LENGTH + 1; i < statusEnd; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw HeadParser.badRequest("status code is not three digits: " + HeadParser.quote(line));
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100) {
      throw HeadParser.badRequest("status code below 100: " + status);
    }
    String reason = "";
    if (line.length() > statusEnd) {
      // Some servers omit the SP before an empty reason; tolerate that but nothing else.
      if (line.charAt(statusEnd) != ' ') {
        throw HeadParser.badRequest("no SP after the status code: " + HeadParser.quote(line));
      }
      reason = line.substring(statusEnd + 1);
      for (int i = 0; i < reason.length(); i++) {
        if (!HttpHeaders.isFieldValueChar(reason.charAt(i))) {
          throw HeadParser.badRequest("control character in the reason phrase");
        }
      }
    }
    int code = status;
    String phrase = reason;
    return headers -> new HttpResponseHead(version[0], version[1], code, phrase, headers);
  }

  /** Parses exactly "HTTP/" DIGIT "." DIGIT from {@code from} to the end of {@code s}. */
  private static int[] version(String s, int from) throws HttpParseException {
    if (s.length() - from != VERSION_LENGTH
        || !s.startsWith("HTTP/", from)
        || !isDigit(s.charAt(from + 5))
        || s.charAt(from + 6) != '.'
        || !isDigit(s.charAt(from + 7))) {
      throw HeadParser.badRequest("malformed HTTP version: " + HeadParser.quote(s.substring(from)));
    }
    return new int[] {s.charAt(from + 5) - '0', s.charAt(from + 7) - '0'};
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
