package io.sockjet;

import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request that opened (or tried to open) a connection, as a handshake hook sees it.
 * Immutable; safe to read from any thread.
 */
public final class HandshakeRequest {
  // Parsed while the handshake runs; after it, compact() keeps the head as one Latin-1 string
  // (about 1 byte a character) and drops the parsed form, re-parsed only if read again. An open
  // connection keeps its request readable for a fraction of the parsed form's memory.
  private volatile HttpRequestHead head;
  private volatile String compactHead;
  private final List<String> subprotocols;
  private final List<String> extensions;
  private final InetSocketAddress remoteAddress;
  private final InetSocketAddress localAddress;

  HandshakeRequest(HttpRequestHead head, List<String> subprotocols, List<String> extensions,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this.head = head;
    this.subprotocols = List.copyOf(subprotocols);
    this.extensions = List.copyOf(extensions);
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  HttpRequestHead head() {
    HttpRequestHead h = head;
    if (h == null) {
      h = parse(compactHead);
      head = h;
    }
    return h;
  }

  /** Drops the parsed head, keeping it as text; for connections that outlive their handshake. */
  void compact() {
    HttpRequestHead h = head;
    if (h == null) {
      return;
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append(h.method()).append(' ').append(h.target()).append(" HTTP/")
        .append(h.versionMajor()).append('.').append(h.versionMinor()).append("\r\n");
    for (HttpHeaders.Field f : h.headers()) {
      sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    compactHead = sb.append("\r\n").toString();
    head = null;
  }

  private static HttpRequestHead parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    try {
      // It parsed once within the server's limits; the same bytes need no tighter ones.
      HttpRequestHead parsed = HeadParser.request(new HeadLimits(bytes.length + 1, 100_000))
          .parse(ByteBuffer.wrap(bytes));
      if (parsed == null) {
        throw new IllegalStateException("stored request head is incomplete");
      }
      return parsed;
    } catch (HttpParseException e) {
      throw new IllegalStateException("stored request head no longer parses", e);
    }
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
    return subprotocols;
  }

  /** The names of the extensions the client offered, in its order. */
  public List<String> extensions() {
    return extensions;
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
