package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.handshake.AcceptKey;
import io.sockjet.protocol.handshake.ClientHandshake;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.ServerHandshake;
import io.sockjet.protocol.handshake.UpgradeRequest;
import io.sockjet.protocol.http.HeadLimits;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Negotiation carried by the real opening handshake, bytes included, in both roles. */
class DeflateHandshakeTest {

  private static ClientHandshake clientHandshake(List<ExtensionOffer> offers) {
    ClientHandshake.Builder b = ClientHandshake.builder(URI.create("ws://example.com/")).random(new Random(7));
    offers.forEach(b::extension);
    return b.build();
  }

  private static String text(byte[] head) {
    return new String(head, StandardCharsets.ISO_8859_1);
  }

  @Test
  void defaultClientAndDefaultServerAgreeOnTheWire() throws Exception {
    DeflateConfig clientConfig = DeflateConfig.clientDefaults();
    ClientHandshake client = clientHandshake(DeflateNegotiation.offers(clientConfig, WindowZlib.CAPABLE));
    byte[] request = client.request();
    assertThat(text(request)).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

    UpgradeRequest upgrade = ServerHandshake.check(HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(request)));
    DeflateNegotiation.Agreement agreement = DeflateNegotiation
        .accept(upgrade.extensions(), DeflateConfig.serverDefaults(), Zlib.jdk())
        .orElseThrow();
    byte[] response = upgrade.acceptResponse(null, List.of(agreement.response()), HttpHeaders.EMPTY);
    assertThat(text(response)).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n");

    ClientHandshake.Result result = client.check(HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(response)));
    ExtensionOffer accepted = DeflateNegotiation.findAccepted(result.extensions()).orElseThrow();
    DeflateParameters clientView = DeflateNegotiation.accept(accepted, clientConfig, WindowZlib.CAPABLE);

    assertThat(clientView).isEqualTo(agreement.parameters()).isEqualTo(new DeflateParameters(true, false, 15, 15));
  }

  @Test
  void aServerThatAcceptsTwiceIsCaughtBeforeTheParameters() throws Exception {
    ClientHandshake client = clientHandshake(DeflateNegotiation.offers(DeflateConfig.clientDefaults(), Zlib.jdk()));
    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + AcceptKey.of(client.key()) + "\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n";
    ClientHandshake.Result result = client.check(
        HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1))));

    assertThat(result.extensions()).hasSize(2);
    assertThatThrownBy(() -> DeflateNegotiation.findAccepted(result.extensions()))
        .isInstanceOf(DeflateNegotiationException.class)
        .hasMessageContaining("twice");
  }
}
