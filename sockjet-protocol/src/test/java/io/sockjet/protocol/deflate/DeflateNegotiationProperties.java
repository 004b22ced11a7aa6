package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.ExtensionParameter;
import io.sockjet.protocol.handshake.MalformedHeaderException;
import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Property;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Whatever each side wants and whichever zlib it has, a client's offers, the server's answer and
 * the client's check of it (each passed through header text, as on the wire) end with both sides
 * holding the same parameters, each compressing with a window its own zlib honours.
 */
class DeflateNegotiationProperties {
  /** Zlibs honouring windows 8-15, 9-15 (as the system zlib), the JDK's own, and only 9-12. */
  private static final List<Zlib> ZLIBS =
      List.of(WindowZlib.CAPABLE, WindowZlib.SYSTEM_LIKE, Zlib.jdk(), new WindowZlib("9-12", 9, 12));

  private static DeflateConfig config(Gen gen) {
    return DeflateConfig.builder()
        .serverNoContextTakeover(gen.bool())
        .clientNoContextTakeover(gen.bool())
        .serverMaxWindowBits(gen.intBetween(8, 15))
        .clientMaxWindowBits(gen.intBetween(8, 15))
        .offerClientMaxWindowBits(gen.bool())
        .fallbackOffer(gen.bool())
        .build();
  }

  @Test
  void bothEndsAgree() {
    Property.forAll(0xDEF1_0001L, 2000, gen -> {
      DeflateConfig clientConfig = config(gen);
      Zlib clientZlib = gen.pick(ZLIBS);
      DeflateConfig serverConfig = config(gen);
      Zlib serverZlib = gen.pick(ZLIBS);
      assertBothEndsAgree(clientConfig, clientZlib, serverConfig, serverZlib);
    });
  }

  private static void assertBothEndsAgree(
      DeflateConfig clientConfig, Zlib clientZlib, DeflateConfig serverConfig, Zlib serverZlib)
      throws DeflateNegotiationException, MalformedHeaderException {
    List<ExtensionOffer> offers =
        ExtensionHeader.parse(ExtensionHeader.format(DeflateNegotiation.offers(clientConfig, clientZlib)));

    Optional<DeflateNegotiation.Agreement> agreement = DeflateNegotiation.accept(offers, serverConfig, serverZlib);

    if (agreement.isEmpty()) {
      // The only reason to decline our own well-formed offers: a server window limit below every
      // window the server's zlib honours.
      assertThat(offers).allSatisfy(offer -> assertThat(serverWindowLimit(offer))
          .isPositive()
          .satisfies(limit -> assertThat(IntStream.rangeClosed(8, limit).noneMatch(serverZlib::canDeflateWithWindow))
              .isTrue()));
      return;
    }
    DeflateParameters server = agreement.get().parameters();
    ExtensionOffer answer =
        ExtensionHeader.parse(ExtensionHeader.format(List.of(agreement.get().response()))).get(0);

    DeflateParameters client = DeflateNegotiation.accept(answer, clientConfig, clientZlib);

    assertThat(client.serverNoContextTakeover()).isEqualTo(server.serverNoContextTakeover());
    assertThat(client.clientNoContextTakeover()).isEqualTo(server.clientNoContextTakeover());
    assertThat(client.serverMaxWindowBits()).isEqualTo(server.serverMaxWindowBits());
    // The client may compress with less than the server allows, never more.
    assertThat(client.clientMaxWindowBits()).isLessThanOrEqualTo(server.clientMaxWindowBits());
    assertThat(serverZlib.canDeflateWithWindow(server.sendWindowBits(Role.SERVER))).isTrue();
    assertThat(clientZlib.canDeflateWithWindow(client.sendWindowBits(Role.CLIENT))).isTrue();
    if (clientConfig.serverNoContextTakeover() && !clientConfig.fallbackOffer()) {
      assertThat(server.serverNoContextTakeover()).isTrue();
    }
    if (clientConfig.serverMaxWindowBits() < 15 && !clientConfig.fallbackOffer()) {
      assertThat(server.serverMaxWindowBits()).isLessThanOrEqualTo(clientConfig.serverMaxWindowBits());
    }
  }

  /** The offer's server_max_window_bits, or 0 without one. */
  private static int serverWindowLimit(ExtensionOffer offer) {
    return offer.parameters().stream()
        .filter(p -> p.name().equals("server_max_window_bits"))
        .map(ExtensionParameter::value)
        .mapToInt(Integer::parseInt)
        .findFirst()
        .orElse(0);
  }
}
