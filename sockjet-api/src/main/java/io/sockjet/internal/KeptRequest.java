package io.sockjet.internal;

import io.sockjet.WebSocket;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestHead;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Immutable: the opening handshake request in the form an open connection keeps it, for {@link
 * WebSocket#request()}. The head is kept as its lines (the request line, then {@code Name: value}
 * per header field), each shared through a {@link LineCache} with the other connections that sent
 * it. The one line that differs between otherwise equal requests, Sec-WebSocket-Key (a fresh nonce
 * each time, RFC 6455 §4.1), stands in the array as its name alone, its value kept here as the 16
 * bytes it encodes; so requests alike but for their nonce share the whole array, and a connection
 * pays for this object only.
 */
public final class KeptRequest {
  private static final String KEY = "Sec-WebSocket-Key";
  private static final int NONCE_BYTES = 16;

  private final String[] lines; // shared: never written to
  private final long nonceHigh;
  private final long nonceLow;

  private KeptRequest(String[] lines, long nonceHigh, long nonceLow) {
    this.lines = lines;
    this.nonceHigh = nonceHigh;
    this.nonceLow = nonceLow;
  }

  /** {@code head} in its kept form, sharing lines and arrays through {@code cache}. */
  static KeptRequest of(HttpRequestHead head, LineCache cache) {
    String[] lines = new String[1 + head.headers().size()];
    lines[0] = cache.share(head.method() + ' ' + head.target() + " HTTP/" + head.versionMajor()
        + '.' + head.versionMinor());
    ByteBuffer nonce = null;
    int i = 1;
    for (HttpHeaders.Field f : head.headers()) {
      if (nonce == null && f.name().equalsIgnoreCase(KEY)
          && (nonce = nonceOf(f.value())) != null) {
        lines[i++] = cache.share(f.name());
      } else {
        lines[i++] = cache.share(f.name() + ": " + f.value());
      }
    }
    return nonce == null ? new KeptRequest(lines, 0, 0)
        : new KeptRequest(cache.share(lines), nonce.getLong(0), nonce.getLong(8));
  }

  /**
   * The 16 bytes {@code value} encodes, if it is their canonical base64 (so that they give it back
   * exactly); null otherwise, and the line is then kept whole.
   */
  private static ByteBuffer nonceOf(String value) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length != NONCE_BYTES || !Base64.getEncoder().encodeToString(bytes).equals(value)) {
      return null;
    }
    return ByteBuffer.wrap(bytes);
  }

  /** The head again; its parts were checked when the request was first parsed. */
  public HttpRequestHead parse() {
    String requestLine = lines[0];
    int methodEnd = requestLine.indexOf(' ');
    int targetEnd = requestLine.lastIndexOf(' ');
    int dot = requestLine.lastIndexOf('.');
    HttpHeaders.Builder headers = HttpHeaders.builder();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      // A field name is a token, so the first colon ends it; of() put ": " after it. A line
      // without one is the name of the Sec-WebSocket-Key whose value is kept as its nonce.
      int colon = line.indexOf(':');
      if (colon < 0) {
        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).putLong(nonceHigh).putLong(nonceLow)
            .array();
        headers.add(line, Base64.getEncoder().encodeToString(nonce));
      } else {
        headers.add(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return new HttpRequestHead(requestLine.substring(0, methodEnd),
        requestLine.substring(methodEnd + 1, targetEnd),
        Integer.parseInt(requestLine, targetEnd + " HTTP/".length(), dot, 10),
        Integer.parseInt(requestLine, dot + 1, requestLine.length(), 10), headers.build());
  }
}
