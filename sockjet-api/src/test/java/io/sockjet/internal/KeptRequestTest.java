package io.sockjet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.HandshakeRequest;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpRequestHead;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An open connection's request: kept compactly, shared where alike, parsed again when read. */
class KeptRequestTest {
  static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);
  static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  static HttpRequestHead parse(String head) throws Exception {
    return HeadParser.request(HeadLimits.DEFAULTS)
        .parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
  }

  static HttpRequestHead request(String key) throws Exception {
    return parse("GET http://example.com/a.b/c?x=1&y=%20z HTTP/1.1\r\n"
        + "Host: example.com\r\n"
        + "upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "sec-websocket-key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: chat.v2, chat.v1\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-other\r\n"
        + "X-Colons: a: b:c\r\n"
        + "X-Empty:\r\n"
        + "Cookie: a=1; b=2\r\n"
        + "Cookie: c=3\r\n"
        + "\r\n");
  }

  static String[] lines(KeptRequest kept) throws Exception {
    Field f = KeptRequest.class.getDeclaredField("lines");
    f.setAccessible(true);
    return (String[]) f.get(kept);
  }

  @Test
  void keptRequestReadsAsTheRequestSent() throws Exception {
    HttpRequestHead head = request(KEY);
    HandshakeRequest view = ApiAccess.get().request(KeptRequest.of(head, new LineCache()), REMOTE,
        LOCAL);

    assertThat(ApiAccess.get().head(view)).isEqualTo(head);
    assertThat(view.method()).isEqualTo("GET");
    assertThat(view.uri()).isEqualTo("http://example.com/a.b/c?x=1&y=%20z");
    assertThat(view.path()).isEqualTo("/a.b/c");
    assertThat(view.queryParameter("y")).isEqualTo(" z");
    assertThat(view.header("Sec-WebSocket-Key")).isEqualTo(KEY);
    assertThat(view.headers().keySet()).contains("sec-websocket-key"); // names as sent
    assertThat(view.header("UPGRADE")).isEqualTo("websocket");
    assertThat(view.header("X-Colons")).isEqualTo("a: b:c");
    assertThat(view.header("X-Empty")).isEmpty();
    assertThat(view.headers("Cookie")).containsExactly("a=1; b=2", "c=3");
    assertThat(view.cookies()).containsEntry("b", "2").containsEntry("c", "3");
    assertThat(view.subprotocols()).containsExactly("chat.v2", "chat.v1");
    assertThat(view.extensions()).containsExactly("permessage-deflate", "x-other");
    assertThat(view.remoteAddress()).isEqualTo(REMOTE);
    assertThat(view.localAddress()).isEqualTo(LOCAL);
    assertThat(view.toString()).isEqualTo("GET http://example.com/a.b/c?x=1&y=%20z from " + REMOTE);
  }

  @Test
  void requestsAlikeButForTheirKeyShareOneArrayOfSharedLines() throws Exception {
    LineCache cache = new LineCache();
    KeptRequest first = KeptRequest.of(request(KEY), cache);
    KeptRequest second = KeptRequest.of(request("AQIDBAUGBwgJCgsMDQ4PEA=="), cache);
    assertThat(lines(second)).isSameAs(lines(first));
    assertThat(ApiAccess.get().request(second, REMOTE, LOCAL).header("Sec-WebSocket-Key"))
        .isEqualTo("AQIDBAUGBwgJCgsMDQ4PEA==");
    assertThat(ApiAccess.get().request(first, REMOTE, LOCAL).header("Sec-WebSocket-Key"))
        .isEqualTo(KEY);

    KeptRequest other = KeptRequest.of(parse("GET /other HTTP/1.1\r\nHost: example.com\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n"), cache);
    assertThat(lines(other)[1]).as("a line the first request had too").isSameAs(lines(first)[1]);
  }

  @Test
  void keyThatIsNotCanonicalBase64IsKeptWhole() throws Exception {
    // Decodes to the same 16 bytes as KEY, which would encode back differently.
    HttpRequestHead head = request("dGhlIHNhbXBsZSBub25jZR==");
    KeptRequest kept = KeptRequest.of(head, new LineCache());
    assertThat(kept.parse()).isEqualTo(head);
    assertThat(lines(kept)).contains("sec-websocket-key: dGhlIHNhbXBsZSBub25jZR==");
  }

  @Test
  void requestWithoutKeyIsKeptLineByLine() throws Exception {
    HttpRequestHead head = parse("GET / HTTP/1.0\r\nHost: h\r\n\r\n");
    assertThat(KeptRequest.of(head, new LineCache()).parse()).isEqualTo(head);
  }

  @Test
  void cacheSharesEqualValuesWithinItsBounds() {
    LineCache cache = new LineCache();
    String line = cache.share(new String("Host: example.com"));
    assertThat(cache.share(new String("Host: example.com"))).isSameAs(line);
    String longLine = "Cookie: " + "x".repeat(LineCache.MAX_LENGTH);
    assertThat(cache.share(new String(longLine))).isNotSameAs(cache.share(new String(longLine)));

    String[] head = cache.share(new String[] {"GET / HTTP/1.1", "Host: example.com"});
    assertThat(cache.share(new String[] {"GET / HTTP/1.1", "Host: example.com"})).isSameAs(head);
    String[] withLongLine = {"GET / HTTP/1.1", longLine};
    assertThat(cache.share(withLongLine.clone())).isNotSameAs(cache.share(withLongLine.clone()));
    String[] tooMany = new String[LineCache.MAX_LINES + 1];
    Arrays.fill(tooMany, "X: y");
    assertThat(cache.share(tooMany.clone())).isNotSameAs(cache.share(tooMany.clone()));
  }

  @Test
  void eachViewParsesOnItsOwn() throws Exception {
    KeptRequest kept = KeptRequest.of(request(KEY), new LineCache());
    HandshakeRequest one = ApiAccess.get().request(kept, REMOTE, LOCAL);
    HandshakeRequest two = ApiAccess.get().request(kept, REMOTE, LOCAL);
    assertThat(one.headers()).isEqualTo(two.headers());
    assertThat(ApiAccess.get().head(one)).isNotSameAs(ApiAccess.get().head(two));
    assertThat(one.headers().get("Cookie")).isEqualTo(List.of("a=1; b=2", "c=3"));
  }
}
