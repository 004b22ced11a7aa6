package io.sockjet.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Stateless: reads the URL a client command is given, and says in one line what is wrong with a
 * bad one (the JDK's {@link URISyntaxException} names an index, not a cause a person can act on,
 * and a port out of range passed as a valid URI until the connect failed).
 */
final class WebSocketUrl {
  private static final String FORM = "expected ws://HOST[:PORT][/PATH] or wss://...";

  private WebSocketUrl() {}

  /**
   * The URI {@code text} names.
   *
   * @throws IllegalArgumentException with the one line to show, naming {@code text}
   */
  static URI parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw bad(text, reason(e));
    }
    String scheme = uri.getScheme() == null || !text.contains("://") ? ""
        : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw bad(text, scheme.isEmpty() ? FORM
          : scheme.startsWith("http") ? "a WebSocket URL starts with ws:// (or wss:// for "
              + scheme + "s://)" : "the scheme must be ws or wss, not " + scheme);
    }
    if (uri.getHost() == null) {
      String authority = uri.getRawAuthority();
      String port = authority == null ? null : portText(authority);
      throw bad(text, port != null && !port.chars().allMatch(Character::isDigit)
          ? "the port must be a number, not '" + port + "'" : "no host; " + FORM);
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw bad(text, "port " + uri.getPort() + " is out of range (1 to 65535)");
    }
    if (uri.getRawFragment() != null) {
      throw bad(text, "a WebSocket URL has no #fragment (RFC 6455 §3)");
    }
    return uri;
  }

  /** The part after the last colon of an authority that is not an IPv6 literal, if any. */
  private static String portText(String authority) {
    int colon = authority.lastIndexOf(':');
    return colon < 0 || authority.endsWith("]") ? null : authority.substring(colon + 1);
  }

  private static String reason(URISyntaxException e) {
    String r = e.getReason();
    if (r.startsWith("Expected authority")) {
      return "no host; " + FORM;
    }
    if (e.getInput().chars().anyMatch(Character::isWhitespace)) {
      return "it contains a space (write %20 in a path or query)";
    }
    return r.toLowerCase(Locale.ROOT) + " at character " + (e.getIndex() + 1);
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad URL '" + text + "': " + why);
  }
}
