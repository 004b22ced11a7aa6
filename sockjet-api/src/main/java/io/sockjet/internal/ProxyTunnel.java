package io.sockjet.internal;

import io.sockjet.WebSocketHandshakeException;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestWriter;
import io.sockjet.protocol.http.HttpResponseHead;
import io.sockjet.transport.Tunnel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Not thread-safe; one per connection attempt, run on its loop by the transport. The HTTP CONNECT
 * exchange with a proxy (RFC 9110 §9.3.6): asks for a tunnel to the WebSocket server, and accepts
 * any 2xx answer ("Any 2xx (Successful) response indicates that the sender (and all inbound
 * proxies) will switch to tunnel mode immediately after the response header section").
 */
public final class ProxyTunnel implements Tunnel {
  private final String targetHost;
  private final int targetPort;
  private final String authority;
  private final String credentials;
  private final HeadParser<HttpResponseHead> parser;

  /**
   * @param targetHost the WebSocket server's host (an IPv6 literal without brackets)
   * @param credentials "user:password" for Basic authentication (RFC 7617), or null
   */
  public ProxyTunnel(String targetHost, int targetPort, String credentials, HeadLimits limits) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    // RFC 9110 §9.3.6: the target is "only the host and port number of the tunnel destination".
    this.authority = (targetHost.indexOf(':') >= 0 ? "[" + targetHost + "]" : targetHost) + ":"
        + targetPort;
    this.credentials = credentials;
    this.parser = HeadParser.response(limits);
  }

  @Override
  public ByteBuffer request() {
    HttpHeaders.Builder h = HttpHeaders.builder().add("Host", authority);
    if (credentials != null) {
      h.add("Proxy-Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return ByteBuffer.wrap(HttpRequestWriter.write("CONNECT", authority, h.build()));
  }

  @Override
  public boolean onResponse(ByteBuffer data) throws WebSocketHandshakeException {
    HttpResponseHead head;
    try {
      head = parser.parse(data);
    } catch (HttpParseException e) {
      throw ApiAccess.get().handshakeFailed(WebSocketHandshakeException.Kind.MALFORMED_RESPONSE,
          "malformed answer from the proxy: " + e.getMessage(), -1, null, null);
    }
    if (head == null) {
      return false;
    }
    if (head.status() / 100 != 2) {
      // The body is whatever came with the head; the proxy's error page is not waited for.
      byte[] body = new byte[data.remaining()];
      data.get(body);
      throw ApiAccess.get().handshakeFailed(WebSocketHandshakeException.Kind.PROXY_REFUSED,
          "proxy refused CONNECT " + authority + ": " + head.status() + " " + head.reason(),
          head.status(), head.headers(), body);
    }
    return true;
  }

  @Override
  public String targetHost() {
    return targetHost;
  }

  @Override
  public int targetPort() {
    return targetPort;
  }
}
