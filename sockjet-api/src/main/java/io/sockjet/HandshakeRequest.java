package io.sockjet;

import io.sockjet.internal.ApiAccess;
import io.sockjet.internal.KeptRequest;
import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.HandshakeFailure;
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
 * <p>An open connection keeps its request compactly, sharing it with
 * other connections where they sent the same, and {@link WebSocket#request()} returns a new view
 * of it each time: the view parses it on its first read and keeps the result only as long as it
 * is itself kept.
 */
public final class HandshakeRequest {
  static {
    // The internals' bridge into this package (see Access); ApiAccess.get() runs this first.
    ApiAccess.register(new Access());
  }

  // A request is made either from a parsed head (the hook's view, during the handshake) or from a
  // kept one (an open connection's); the parsed form and the offer lists of the latter are
  // derived on first use. Derived values are immutable, so a race only computes one twice.
  private final KeptRequest kept; // null when made from a parsed head
  private volatile HttpRequestHead head;
  private volatile List<String> subprotocols;
  private volatile List<String> extensions;
  private final InetSocketAddress remoteAddress;
  private final InetSocketAddress localAddress;

  private HandshakeRequest(HttpRequestHead head, List<String> subprotocols, List<String> extensions,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this.kept = null;
    this.head = head;
    this.subprotocols = List.copyOf(subprotocols);
    this.extensions = List.copyOf(extensions);
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  private HandshakeRequest(KeptRequest kept, InetSocketAddress remoteAddress,
      InetSocketAddress localAddress) {
    this.kept = kept;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  private HttpRequestHead head() {
    HttpRequestHead h = head;
    if (h == null) {
      h = kept.parse();
      head = h;
    }
    return h;
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

  /**
   * The internals' way to make and read what this package keeps to itself (see {@link
   * ApiAccess}); registered by this class's static initializer. Stateless.
   */
  private static final class Access implements ApiAccess {
    @Override
    public HandshakeRequest request(HttpRequestHead head, List<String> subprotocols,
        List<String> extensions, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
      return new HandshakeRequest(head, subprotocols, extensions, remoteAddress, localAddress);
    }

    @Override
    public HandshakeRequest request(KeptRequest kept, InetSocketAddress remoteAddress,
        InetSocketAddress localAddress) {
      return new HandshakeRequest(kept, remoteAddress, localAddress);
    }

    @Override
    public HttpRequestHead head(HandshakeRequest request) {
      return request.head();
    }

    @Override
    public byte[] body(HandshakeResponse response) {
      return response.body();
    }

    @Override
    public WebSocketHandshakeException handshakeFailed(WebSocketHandshakeException.Kind kind,
        String message, int status, HttpHeaders headers, byte[] body) {
      return new WebSocketHandshakeException(kind, message, status,
          headers == null ? null : asMap(headers), body);
    }

    @Override
    public WebSocketHandshakeException handshakeFailed(HandshakeFailure failure, byte[] body) {
      return WebSocketHandshakeException.of(failure, body);
    }
  }
}
