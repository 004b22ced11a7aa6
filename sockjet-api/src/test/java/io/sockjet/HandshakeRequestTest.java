package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpRequestHead;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An open connection's request, kept as shared lines and parsed again when read. */
class HandshakeRequestTest {
  static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);
  static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

  static HttpRequestHead parse(String head) throws Exception {
    return HeadParser.request(HeadLimits.DEFAULTS)
        .parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
  }

  static String request(String key) {
    return "GET http://example.com/a.b/c?x=1&y=%20z HTTP/1.1\r\n"
        + "Host: example.com\r\n"
        + "upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: chat.v2, chat.v1\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-other\r\n"
        + "X-Colons: a: b:c\r\n"
        + "X-Empty:\r\n"
        + "Cookie: a=1; b=2\r\n"
        + "Cookie: c=3\r\n"
        + "\r\n";
  }

  @Test
  void keptLinesParseBackToTheSameRequest() throws Exception {
    HttpRequestHead head = parse(request("dGhlIHNhbXBsZSBub25jZQ=="));
    HandshakeRequest view = HandshakeRequest.ofLines(
        HandshakeRequest.lines(head, new StringCache()), REMOTE, LOCAL);

    assertThat(view.head()).isEqualTo(head);
    assertThat(view.method()).isEqualTo("GET");
    assertThat(view.uri()).isEqualTo("http://example.com/a.b/c?x=1&y=%20z");
    assertThat(view.path()).isEqualTo("/a.b/c");
    assertThat(view.queryParameter("y")).isEqualTo(" z");
    assertThat(view.header("UPGRADE")).isEqualTo("websocket");
    assertThat(view.header("X-Colons")).isEqualTo("a: b:c");
    assertThat(view.header("X-Empty")).isEmpty();
    assertThat(view.headers("Cookie")).containsExactly("a=1; b=2", "c=3");
    assertThat(view.cookies()).containsEntry("b", "2").containsEntry("c", "3");
    assertThat(view.subprotocols()).containsExactly("chat.v2", "chat.v1");
    assertThat(view.extensions()).containsExactly("permessage-deflate", "x-other");
    assertThat(view.remoteAddress()).isEqualTo(REMOTE);
    assertThat(view.localAddress()).isEqualTo(LOCAL);
  }

  @Test
  void connectionsShareEqualLinesButNotTheirKeys() throws Exception {
    StringCache cache = new StringCache();
    String[] first = HandshakeRequest.lines(parse(request("dGhlIHNhbXBsZSBub25jZQ==")), cache);
    String[] second = HandshakeRequest.lines(parse(request("dGhlIHNhbXBsZSBub25jZQ==")), cache);
    for (int i = 0; i < first.length; i++) {
      assertThat(second[i]).isEqualTo(first[i]);
      if (first[i].startsWith("Sec-WebSocket-Key:")) {
        assertThat(second[i]).as("unique by design: not worth a slot").isNotSameAs(first[i]);
      } else {
        assertThat(second[i]).as(first[i]).isSameAs(first[i]);
      }
    }
  }

  @Test
  void cacheSharesEqualStringsUpToItsLengthCap() {
    StringCache cache = new StringCache();
    String a = cache.share(new String("Host: example.com"));
    assertThat(cache.share(new String("Host: example.com"))).isSameAs(a);
    String longLine = "Cookie: " + "x".repeat(StringCache.MAX_LENGTH);
    assertThat(cache.share(new String(longLine))).isNotSameAs(cache.share(new String(longLine)));
  }

  @Test
  void eachViewParsesOnItsOwnAndStaysReadable() throws Exception {
    String[] lines = HandshakeRequest.lines(parse(request("AQIDBAUGBwgJCgsMDQ4PEA==")),
        new StringCache());
    HandshakeRequest one = HandshakeRequest.ofLines(lines, REMOTE, LOCAL);
    HandshakeRequest two = HandshakeRequest.ofLines(lines, REMOTE, LOCAL);
    assertThat(one.header("Sec-WebSocket-Key")).isEqualTo("AQIDBAUGBwgJCgsMDQ4PEA==");
    assertThat(two.headers()).isEqualTo(one.headers());
    assertThat(one.headers().get("Cookie")).isEqualTo(List.of("a=1; b=2", "c=3"));
    assertThat(one.toString()).isEqualTo(
        "GET http://example.com/a.b/c?x=1&y=%20z from " + REMOTE);
  }
}
