package io.sockjet.protocol.http;

/**
 * Stateless and thread-safe. Writes a client's request head (request line and header fields,
 * no body: an upgrade request has none) as one byte array ready for the socket.
 */
public final class HttpRequestWriter {
  private HttpRequestWriter() {}

  /**
   * The request head {@code method target HTTP/1.1} followed by {@code headers} in order.
   *
   * @throws IllegalArgumentException if {@code method} is not a token or {@code target} is empty
   *     or holds anything but visible US-ASCII
   */
  public static byte[] write(String method, String target, HttpHeaders headers) {
    if (!HttpToken.isToken(method)) {
      throw new IllegalArgumentException("method is not a token: \"" + method + "\"");
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException("empty request target");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("request target holds U+" + String.format("%04X", (int) c));
      }
    }
    return new HeadWriter().line(method + " " + target + " HTTP/1.1").headers(headers).finish(null);
  }
}
