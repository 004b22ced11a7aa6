package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.protocol.http.HttpResponseHead;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fuzzes {@link ServerHandshake#check} on heads parsed from arbitrary bytes. Properties: only
 * {@link HttpParseException} and {@link HandshakeRejection} escape; a rejection's response and
 * an acceptance's 101 both parse back as responses, and a {@link ClientHandshake} holding the
 * same key accepts that 101.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds in
 * {@code src/test/resources/io/sockjet/protocol/handshake/ServerHandshakeFuzzTestInputs/}.
 */
class ServerHandshakeFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void check(byte[] input) throws HttpParseException {
    HttpRequestHead head;
    try {
      head = HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(input));
    } catch (HttpParseException e) {
      assertThat(HandshakeRejection.of(e).toResponseBytes()).isNotEmpty();
      return;
    }
    if (head == null) {
      return;
    }
    try {
      UpgradeRequest upgrade = ServerHandshake.check(head);
      String subprotocol = upgrade.subprotocols().isEmpty() ? null : upgrade.subprotocols().get(0);
      HttpResponseHead response = parseResponse(upgrade.acceptResponse(subprotocol, upgrade.extensions(), HttpHeaders.EMPTY));
      assertThat(response.status()).isEqualTo(101);
      assertThat(response.headers().first("Sec-WebSocket-Accept")).isEqualTo(AcceptKey.of(upgrade.key()));
      assertThat(ExtensionHeader.parse(response.headers())).isEqualTo(upgrade.extensions());
      assertThat(Subprotocols.parse(response.headers())).isEqualTo(subprotocol == null ? List.of() : List.of(subprotocol));
    } catch (HandshakeRejection e) {
      assertThat(e.status()).isIn(400, 405, 426);
      assertThat(parseResponse(e.toResponseBytes()).status()).isEqualTo(e.status());
    } catch (MalformedHeaderException e) {
      throw new AssertionError("the server wrote a header it cannot parse back", e);
    }
  }

  private static HttpResponseHead parseResponse(byte[] bytes) throws HttpParseException {
    HttpResponseHead head = HeadParser.response(new HeadLimits(1 << 16, 1000)).parse(ByteBuffer.wrap(bytes));
    assertThat(head).isNotNull();
    return head;
  }
}
