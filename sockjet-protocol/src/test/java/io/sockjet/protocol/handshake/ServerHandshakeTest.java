package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.testkit.Partitions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServerHandshakeTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  /** RFC 6455 §1.2's request. */
  private static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
      + "Host: server.example.com\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: " + KEY + "\r\n"
      + "Origin: http://example.com\r\n"
      + "Sec-WebSocket-Protocol: chat, superchat\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + "\r\n";

  private static HttpRequestHead parse(String request) throws HttpParseException {
    HttpRequestHead head = HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(head).as("complete head").isNotNull();
    return head;
  }

  /** Parses and checks the way a server does, mapping a parse failure to its rejection. */
  private static HandshakeRejection reject(String request) {
    try {
      ServerHandshake.check(parse(request));
    } catch (HttpParseException e) {
      return HandshakeRejection.of(e);
    } catch (HandshakeRejection e) {
      return e;
    }
    throw new AssertionError("accepted: " + request);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void acceptsTheRfc6455RequestAndAnswersWithTheExact101Rfc6455Section1_3() throws Exception {
    UpgradeRequest upgrade = ServerHandshake.check(parse(RFC_REQUEST));
    assertThat(upgrade.key()).isEqualTo(KEY);
    assertThat(upgrade.subprotocols()).containsExactly("chat", "superchat");
    assertThat(upgrade.extensions()).isEmpty();
    assertThat(upgrade.origin()).isEqualTo("http://example.com");
    assertThat(text(upgrade.acceptResponse("chat", List.of(), HttpHeaders.EMPTY))).isEqualTo(
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n");
  }

  @Test
  void the101CarriesAcceptedExtensionsAndExtraHeaders() throws Exception {
    String request = RFC_REQUEST.replace("Sec-WebSocket-Protocol: chat, superchat\r\n",
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    UpgradeRequest upgrade = ServerHandshake.check(parse(request));
    List<ExtensionOffer> accepted = List.of(ExtensionOffer.of("permessage-deflate",
        new ExtensionParameter("server_no_context_takeover", null)));
    assertThat(text(upgrade.acceptResponse(null, accepted, HttpHeaders.builder().add("Set-Cookie", "a=b").build())))
        .isEqualTo("HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n"
            + "Set-Cookie: a=b\r\n"
            + "\r\n");
  }

  @Test
  void acceptResponseRefusesWhatTheClientDidNotOffer() throws Exception {
    UpgradeRequest upgrade = ServerHandshake.check(parse(RFC_REQUEST));
    assertThatIllegalArgumentException().isThrownBy(() -> upgrade.acceptResponse("Chat", List.of(), HttpHeaders.EMPTY));
    assertThatIllegalArgumentException().isThrownBy(
        () -> upgrade.acceptResponse(null, List.of(ExtensionOffer.of("permessage-deflate")), HttpHeaders.EMPTY));
    assertThatIllegalArgumentException().isThrownBy(() -> upgrade.acceptResponse(
        null, List.of(), HttpHeaders.builder().add("Sec-WebSocket-Accept", "x").build()));
  }

  @Test
  void everyPartitionOfTheRequestGivesTheSameUpgrade() throws Exception {
    UpgradeRequest expected = ServerHandshake.check(parse(RFC_REQUEST));
    Partitions.forEach(RFC_REQUEST.getBytes(StandardCharsets.ISO_8859_1), chunks -> {
      HeadParser<HttpRequestHead> parser = HeadParser.request(HeadLimits.DEFAULTS);
      try {
        HttpRequestHead head = null;
        for (byte[] chunk : chunks) {
          head = parser.parse(ByteBuffer.wrap(chunk));
        }
        assertThat(ServerHandshake.check(head)).isEqualTo(expected);
      } catch (HttpParseException | HandshakeRejection e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void connectionWithSeveralOptionsAndMixedCaseTokensIsAccepted() throws Exception {
    String request = RFC_REQUEST.replace("Upgrade: websocket", "Upgrade: WebSocket")
        .replace("Connection: Upgrade", "Connection: keep-alive, UPGRADE");
    assertThat(ServerHandshake.check(parse(request)).key()).isEqualTo(KEY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing Host RFC 6455 §4.2.1                 | Host: server.example.com\\r\\n                         |                                                   | 400
      empty Host                                   | Host: server.example.com                               | Host:                                             | 400
      two Host lines RFC 9112 §3.2                 | Host: server.example.com                               | Host: a\\r\\nHost: b                              | 400
      missing Upgrade                              | Upgrade: websocket\\r\\n                               |                                                   | 426
      wrong Upgrade                                | Upgrade: websocket                                     | Upgrade: h2c                                      | 426
      Connection without upgrade                   | Connection: Upgrade                                    | Connection: keep-alive                            | 400
      missing Connection                           | Connection: Upgrade\\r\\n                              |                                                   | 400
      key of 15 bytes                              | dGhlIHNhbXBsZSBub25jZQ==                               | AAAAAAAAAAAAAAAAAAAA                              | 400
      key of 17 bytes                              | dGhlIHNhbXBsZSBub25jZQ==                               | AAAAAAAAAAAAAAAAAAAAAAA=                          | 400
      key not base64                               | dGhlIHNhbXBsZSBub25jZQ==                               | dGhlIHNhbXBsZSBub25jZQ!!                          | 400
      key without padding                          | dGhlIHNhbXBsZSBub25jZQ==                               | dGhlIHNhbXBsZSBub25jZQ                            | 400
      duplicated key RFC 6455 §11.3.1              | Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==            | Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | 400
      missing key                                  | Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n      |                                                   | 400
      version 8 RFC 6455 §4.4                      | Sec-WebSocket-Version: 13                              | Sec-WebSocket-Version: 8                          | 426
      version 14                                   | Sec-WebSocket-Version: 13                              | Sec-WebSocket-Version: 14                         | 426
      versions 13 and 8                            | Sec-WebSocket-Version: 13                              | Sec-WebSocket-Version: 13, 8                      | 426
      missing version                              | Sec-WebSocket-Version: 13\\r\\n                        |                                                   | 426
      POST RFC 6455 §4.1                           | GET /chat                                              | POST /chat                                        | 405
      HTTP/1.0                                     | HTTP/1.1\\r\\nHost                                     | HTTP/1.0\\r\\nHost                                | 400
      HTTP/2.0                                     | HTTP/1.1\\r\\nHost                                     | HTTP/2.0\\r\\nHost                                | 505
      obs-fold RFC 9112 §5.2                       | Origin: http://example.com                             | Origin: http://example.com\\r\\n  .org            | 400
      space before colon RFC 9112 §5.1             | Origin: http                                           | Origin : http                                     | 400
      NUL in a value                               | Origin: http                                           | Origin: ht\\0tp                                   | 400
      malformed extension header RFC 6455 §9.1     | Origin: http://example.com                             | Sec-WebSocket-Extensions: permessage-deflate;;x   | 400
      subprotocol not a token                      | chat, superchat                                        | chat, super chat                                  | 400
      """)
  void invalidHandshakesAreRejectedWithTheirStatus(String rule, String find, String replacement, int status) {
    String request = RFC_REQUEST.replace(unescape(find), replacement == null ? "" : unescape(replacement));
    assertThat(request).as("the table's find text occurs in the request").isNotEqualTo(RFC_REQUEST);
    HandshakeRejection rejection = reject(request);
    assertThat(rejection.status()).as(rule + ": " + rejection.getMessage()).isEqualTo(status);
    assertThat(text(rejection.toResponseBytes())).startsWith("HTTP/1.1 " + status + " ").contains("\r\nConnection: ");
    if (status == 426) {
      assertThat(rejection.headers().first("Sec-WebSocket-Version")).isEqualTo("13");
    }
    if (status == 405) {
      assertThat(rejection.headers().first("Allow")).isEqualTo("GET");
    }
  }

  @Test
  void headOver8KibIs431() {
    String big = RFC_REQUEST.replace("Origin: http://example.com", "Cookie: " + "a".repeat(8192));
    assertThat(reject(big).status()).isEqualTo(431);
  }

  @Test
  void headWith101HeaderLinesIs431() {
    // The RFC request holds 7 fields; without Origin, 6 + 95 = 101 and 6 + 94 = 100.
    String many = RFC_REQUEST.replace("Origin: http://example.com\r\n", "X: y\r\n".repeat(95));
    assertThat(reject(many).status()).isEqualTo(431);
    String hundred = RFC_REQUEST.replace("Origin: http://example.com\r\n", "X: y\r\n".repeat(94));
    try {
      assertThat(ServerHandshake.check(parse(hundred)).key()).isEqualTo(KEY);
    } catch (HttpParseException | HandshakeRejection e) {
      throw new AssertionError("100 header lines are within the default limit", e);
    }
  }

  @Test
  void plainHttpRequestIsDistinguishableAsNotWebSocket() {
    HandshakeRejection plain = reject("GET /index.html HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(plain.isNotWebSocket()).isTrue();
    assertThat(plain.status()).isEqualTo(426);
    // RFC 9110 §15.5.22: a 426 "MUST send an Upgrade header field".
    assertThat(text(plain.toResponseBytes()))
        .contains("\r\nUpgrade: websocket\r\n")
        .contains("\r\nConnection: Upgrade, close\r\n");
    HandshakeRejection post = reject("POST /form HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(post.isNotWebSocket()).as("a plain POST is for the HTTP handler too").isTrue();
    assertThat(reject(RFC_REQUEST.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")).isNotWebSocket()).isFalse();
  }

  @Test
  void rejectionResponseIsCompleteWithItsMessageAsBody() {
    HandshakeRejection rejection = reject(RFC_REQUEST.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
    String body = rejection.getMessage() + "\n";
    assertThat(text(rejection.toResponseBytes())).isEqualTo("HTTP/1.1 426 Upgrade Required\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Connection: close\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length() + "\r\n"
        + "\r\n"
        + body);
  }

  @Test
  void missingOriginIsNull() throws Exception {
    assertThat(ServerHandshake.check(parse(RFC_REQUEST.replace("Origin: http://example.com\r\n", ""))).origin()).isNull();
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
  }
}
