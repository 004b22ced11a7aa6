package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpResponseHead;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientHandshakeTest {
  private static final ExtensionOffer DEFLATE = ExtensionOffer.of(
      "permessage-deflate", new ExtensionParameter("client_max_window_bits", null));

  private static ClientHandshake handshake() {
    return ClientHandshake.builder(URI.create("ws://server.example.com/chat?room=1"))
        .random(new Random(1))
        .subprotocol("chat")
        .subprotocol("superchat")
        .extension(DEFLATE)
        .header("Origin", "http://example.com")
        .build();
  }

  private static HttpResponseHead response(String head) throws HttpParseException {
    return HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static String ok(ClientHandshake h, String extra) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + AcceptKey.of(h.key()) + "\r\n" + extra + "\r\n";
  }

  @Test
  void requestHoldsEveryHandshakeFieldInOrderRfc6455Section4_1() {
    ClientHandshake h = handshake();
    assertThat(h.key()).isEqualTo(AcceptKey.newKey(new Random(1)));
    assertThat(new String(h.request(), StandardCharsets.ISO_8859_1)).isEqualTo("GET /chat?room=1 HTTP/1.1\r\n"
        + "Host: server.example.com\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + h.key() + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: chat, superchat\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        + "Origin: http://example.com\r\n"
        + "\r\n");
  }

  @Test
  void theServerSideAcceptsTheRequestAndTheClientAcceptsItsAnswer() throws Exception {
    ClientHandshake h = handshake();
    UpgradeRequest upgrade = ServerHandshake.check(
        HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(h.request())));
    byte[] answer = upgrade.acceptResponse("superchat", List.of(DEFLATE), HttpHeaders.EMPTY);
    ClientHandshake.Result result = h.check(HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(answer)));
    assertThat(result.subprotocol()).isEqualTo("superchat");
    assertThat(result.extensions()).containsExactly(DEFLATE);
    assertThat(result.response().status()).isEqualTo(101);
  }

  @Test
  void responseWithoutSubprotocolOrExtensionsIsAccepted() throws Exception {
    ClientHandshake.Result result = handshake().check(response(ok(handshake(), "")));
    assertThat(result.subprotocol()).isNull();
    assertThat(result.extensions()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "ws://example.com/, example.com, /",
    "ws://example.com, example.com, /",
    "ws://example.com:80/a, example.com, /a",
    "wss://example.com:443/a, example.com, /a",
    "ws://example.com:443/a, example.com:443, /a",
    "wss://example.com:80/a, example.com:80, /a",
    "ws://[::1]:9000/a?b=c%20d, [::1]:9000, /a?b=c%20d",
    "wss://[2001:db8::1]/, [2001:db8::1], /",
    "WS://Example.COM:8080/x, Example.COM:8080, /x",
  })
  void hostCarriesThePortOnlyWhenNotTheSchemesDefaultRfc6455Section3(String uri, String host, String resource) {
    ClientHandshake h = ClientHandshake.builder(URI.create(uri)).build();
    assertThat(h.host()).isEqualTo(host);
    assertThat(h.resource()).isEqualTo(resource);
  }

  @Test
  void nonAsciiResourceIsPercentEncoded() {
    assertThat(ClientHandshake.builder(URI.create("ws://h/caf\u00e9")).build().resource()).isEqualTo("/caf%C3%A9");
  }

  @Test
  void builderRefusesWhatWouldBreakTheHandshake() {
    assertThatIllegalArgumentException().isThrownBy(() -> ClientHandshake.builder(URI.create("http://h/")));
    assertThatIllegalArgumentException().isThrownBy(() -> ClientHandshake.builder(URI.create("ws://h/#frag")));
    ClientHandshake.Builder b = ClientHandshake.builder(URI.create("ws://h/"));
    for (String reserved : List.of("Upgrade", "connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "HOST",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions")) {
      assertThatIllegalArgumentException().as(reserved).isThrownBy(() -> b.header(reserved, "x"));
    }
    assertThatIllegalArgumentException().isThrownBy(() -> b.header("Authorization", "a\r\nX: y"));
    assertThatIllegalArgumentException().isThrownBy(() -> b.subprotocol("a b"));
    b.subprotocol("a");
    assertThatIllegalArgumentException().isThrownBy(() -> b.subprotocol("a"));
  }

  private static HandshakeFailure failure(String response) {
    ClientHandshake h = handshake();
    String head = response.replace("{accept}", AcceptKey.of(h.key()));
    return (HandshakeFailure) org.assertj.core.api.Assertions.catchThrowable(() -> h.check(response(head)));
  }

  @Test
  void status200InsteadOf101IsUnexpectedStatusWithTheStatusReadable() {
    HandshakeFailure f = failure("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.UNEXPECTED_STATUS);
    assertThat(f.status()).isEqualTo(200);
    assertThat(f.body()).isNull();
    HandshakeFailure withBody = f.withBody("hi".getBytes(StandardCharsets.UTF_8));
    assertThat(withBody.body()).containsExactly('h', 'i');
    assertThat(withBody.kind()).isEqualTo(f.kind());
    assertThat(withBody.getMessage()).isEqualTo(f.getMessage());
  }

  @Test
  void wrongAcceptKeyFailsRfc6455Section4_1() {
    assertThat(failure("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.BAD_ACCEPT_KEY);
    assertThat(failure("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.BAD_ACCEPT_KEY);
    assertThat(failure("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.BAD_ACCEPT_KEY);
  }

  @Test
  void missingUpgradeOrConnectionFails() {
    assertThat(failure("HTTP/1.1 101 S\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.MISSING_UPGRADE);
    assertThat(failure("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.MISSING_CONNECTION_UPGRADE);
  }

  @Test
  void unrequestedOrSeveralSubprotocolsFail() {
    String head = "HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n";
    assertThat(failure(head + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.UNEXPECTED_SUBPROTOCOL);
    assertThat(failure(head + "Sec-WebSocket-Protocol: Chat\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.UNEXPECTED_SUBPROTOCOL);
    assertThat(failure(head + "Sec-WebSocket-Protocol: chat, superchat\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.UNEXPECTED_SUBPROTOCOL);
  }

  @Test
  void unrequestedExtensionFailsButParametersAreLeftToTheExtension() throws Exception {
    String head = "HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n";
    assertThat(failure(head + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.UNEXPECTED_EXTENSION);
    assertThat(failure(head + "Sec-WebSocket-Extensions: permessage-deflate;;\r\n\r\n").kind())
        .isEqualTo(HandshakeFailure.Kind.MALFORMED_HEADER);
    ClientHandshake h = handshake();
    ClientHandshake.Result r = h.check(response(ok(h, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n")));
    assertThat(r.extensions()).containsExactly(ExtensionOffer.of(
        "permessage-deflate", new ExtensionParameter("server_max_window_bits", "9")));
  }

  @Test
  void failureMessageNamesTheProblem() {
    assertThatThrownBy(() -> handshake().check(response("HTTP/1.1 403 Forbidden\r\n\r\n")))
        .hasMessageContaining("403");
  }
}
