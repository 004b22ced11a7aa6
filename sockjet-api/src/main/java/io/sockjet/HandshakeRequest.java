package io.sockjet;

import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.MalformedHeaderException;
import io.sockjet.protocol.handshake.Subprotocols;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestHead;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request that opened (or tried to open) a connection, as a handshake hook sees it.
 * Immutable; safe to read from any thread.
 *
 * <p>An open connection keeps its request compactly, as lines shared with other connections
 * where they are equal, and {@link WebSocket#request()} returns a new view of them each time:
 * the view parses them on its first read and keeps the result only as long as it is itself kept.
 */
public final class HandshakeRequest {
  private static final String KEY_HEADER = "Sec-WebSocket-Key";

  // A request is made either from a parsed head (the hook's view, during the handshake) or from
  // stored lines (an open connection's); the parsed form and the offer lists of the latter are
  // derived on first use. Derived values are immutable, so a race only computes one twice.
  private final String[] lines; // null when made from a parsed head
  private volatile HttpRequestHead head;
  private volatile List<String> subprotocols;
  private volatile List<String> extensions;
  private final InetSocketAddress remoteAddress;
  private final InetSocketAddress localAddress;

  HandshakeRequest(HttpRequestHead head, List<String> subprotocols, List<String> extensions,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this.lines = null;
    this.head = head;
    this.subprotocols = List.copyOf(subprotocols);
    this.extensions = List.copyOf(extensions);
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  private HandshakeRequest(String[] lines, InetSocketAddress remoteAddress,
      InetSocketAddress localAddress) {
    this.lines = lines;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  /** A view of a request kept as {@link #lines}; it parses them on first read. */
  static HandshakeRequest ofLines(String[] lines, InetSocketAddress remoteAddress,
      InetSocketAddress localAddress) {
    return new HandshakeRequest(lines, remoteAddress, localAddress);
  }

  /**
   * {@code head} in a compact form to keep for a connection's life: the request line, then one
   * {@code Name: value} line per header field, without line ends. Each line goes through {@code
   * shared}, so connections whose requests have lines in common keep one copy of each; but the
   * Sec-WebSocket-Key line, unique by design (RFC 6455 §4.1), is kept as it is rather than evict a
   * line worth sharing.
   */
  static String[] lines(HttpRequestHead head, StringCache shared) {
    String[] lines = new String[1 + head.headers().size()];
    lines[0] = shared.share(head.method() + ' ' + head.target() + " HTTP/" + head.versionMajor()
        + '.' + head.versionMinor());
    int i = 1;
    for (HttpHeaders.Field f : head.headers()) {
      String line = f.name() + ": " + f.value();
      lines[i++] = f.name().equalsIgnoreCase(KEY_HEADER) ? line : shared.share(line);
    }
    return lines;
  }

  HttpRequestHead head() {
    HttpRequestHead h = head;
    if (h == null) {
      h = parse(lines);
      head = h;
    }
    return h;
  }

  /** The inverse of {@link #lines}: the parts were checked when first parsed. */
  private static HttpRequestHead parse(String[] lines) {
    String requestLine = lines[0];
    int methodEnd = requestLine.indexOf(' ');
    int targetEnd = requestLine.lastIndexOf(' ');
    int dot = requestLine.lastIndexOf('.');
    HttpHeaders.Builder headers = HttpHeaders.builder();
    for (int i = 1; i < lines.length; i++) {
      // A field name is a token, so the first colon ends it; lines() put ": " after it.
      int colon = lines[i].indexOf(':');
      headers.add(lines[i].substring(0, colon), lines[i].substring(colon + 2));
    }
    return new HttpRequestHead(requestLine.substring(0, methodEnd),
        requestLine.substring(methodEnd + 1, targetEnd),
        Integer.parseInt(requestLine, targetEnd + " HTTP/".length(), dot, 10),
        Integer.parseInt(requestLine, dot + 1, requestLine.length(), 10), headers.build());
  }

  /** The request method, such as GET. */
  public String method() {
    return head().method();
  }

  /** The request target as sent: path and query. */
  public String uri() {
    return head().target();
  }

  /** The path part of the target, without the query. */
  public String path() {
    return head().path();
  }

  /** The query part of the target (without '?'), or null if there is none. */
  public String query() {
    return head().query();
  }

  /** The query parameters, percent-decoded, in order. */
  public Map<String, List<String>> queryParameters() {
    return head().queryParameters();
  }

  /** The first value of a query parameter, or null. */
  public String queryParameter(String name) {
    List<String> values = head().queryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a header (case-insensitive name), or null. */
  public String header(String name) {
    return head().headers().first(name);
  }

  /** Every value of a header, in order; empty if absent. */
  public List<String> headers(String name) {
    return head().headers().all(name);
  }

  /** All headers, names as sent, values in order. */
  public Map<String, List<String>> headers() {
    return asMap(head().headers());
  }

  /** The Origin header (sent by browsers; RFC 6455 §10.2), or null. */
  public String origin() {
    return header("Origin");
  }

  /** The cookies sent in Cookie headers (RFC 6265 §5.4), first value per name. */
  public Map<String, String> cookies() {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String line : head().headers().all("Cookie")) {
      for (String pair : line.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          cookies.putIfAbsent(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    }
    return Collections.unmodifiableMap(cookies);
  }

  /** The subprotocols the client offered, in its order. */
  public List<String> subprotocols() {
    List<String> offered = subprotocols;
    if (offered == null) {
      try {
        offered = Subprotocols.parse(head().headers());
      } catch (MalformedHeaderException e) {
        throw new IllegalStateException("kept request no longer parses", e); // it did at first
      }
      subprotocols = offered;
    }
    return offered;
  }

  /** The names of the extensions the client offered, in its order. */
  public List<String> extensions() {
    List<String> names = extensions;
    if (names == null) {
      List<String> offered = new ArrayList<>();
      try {
        for (ExtensionOffer offer : ExtensionHeader.parse(head().headers())) {
          offered.add(offer.name());
        }
      } catch (MalformedHeaderException e) {
        throw new IllegalStateException("kept request no longer parses", e); // it did at first
      }
      names = List.copyOf(offered);
      extensions = names;
    }
    return names;
  }

  /** The client's address. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The server's address the client connected to. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public String toString() {
    return method() + " " + uri() + " from " + remoteAddress;
  }

  static Map<String, List<String>> asMap(HttpHeaders headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (HttpHeaders.Field f : headers) {
      map.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.value());
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }
}
