package io.sockjet.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Immutable: an HTTP proxy given as {@code http://[user:password@]host[:port]} (port 80 if
 * omitted, as for any http URL). User and password may be percent-encoded, so a ':' or '@' in a
 * password is written {@code %3A} or {@code %40}.
 *
 * @param host the proxy's host name or IP literal (without brackets)
 * @param port the proxy's port
 * @param user the user for Basic authentication, or null for none
 * @param password the password, or null when {@code user} is null
 */
record ProxyAddress(String host, int port, String user, String password) {

  /**
   * Parses the option's value.
   *
   * @throws IllegalArgumentException with a message fit for the user when it is not such a URL
   */
  static ProxyAddress parse(String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--proxy: '" + value + "' is not a URL");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--proxy: expected http://[user:password@]host:port, got '" + value + "'");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("--proxy: a proxy URL has no path or query: '" + value + "'");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String info = uri.getRawUserInfo();
    if (info == null) {
      return new ProxyAddress(host, port, null, null);
    }
    int colon = info.indexOf(':');
    String user = decode(colon < 0 ? info : info.substring(0, colon));
    String password = colon < 0 ? "" : decode(info.substring(colon + 1));
    return new ProxyAddress(host, port, user, password);
  }

  private static String decode(String s) {
    // URLDecoder turns '+' into a space (a form rule, not a URL one): protect it first.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
