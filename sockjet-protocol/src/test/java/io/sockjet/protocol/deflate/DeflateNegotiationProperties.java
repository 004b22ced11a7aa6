package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.ExtensionParameter;
import io.sockjet.protocol.handshake.MalformedHeaderException;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever each side wants and whichever zlib it has, a client's offers, the server's answer and
 * the client's check of it (each passed through header text, as on the wire) end with both sides
 * holding the same parameters, each compressing with a window its own zlib honours.
 */
class DeflateNegotiationProperties {

  @Provide
  Arbitrary<DeflateConfig> configs() {
    Arbitrary<Integer> windows = Arbitraries.integers().between(8, 15);
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            windows,
            windows,
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as((snct, cnct, serverBits, clientBits, offerClientBits, fallback) -> DeflateConfig.builder()
            .serverNoContextTakeover(snct)
            .clientNoContextTakeover(cnct)
            .serverMaxWindowBits(serverBits)
            .clientMaxWindowBits(clientBits)
            .offerClientMaxWindowBits(offerClientBits)
            .fallbackOffer(fallback)
            .build());
  }

  @Provide
  Arbitrary<Zlib> zlibs() {
    return Arbitraries.of(WindowZlib.CAPABLE, WindowZlib.SYSTEM_LIKE, Zlib.jdk(), new WindowZlib("9-12", 9, 12));
  }

  @Property(tries = 2000)
  void bothEndsAgree(
      @ForAll("configs") DeflateConfig clientConfig,
      @ForAll("zlibs") Zlib clientZlib,
      @ForAll("configs") DeflateConfig serverConfig,
      @ForAll("zlibs") Zlib serverZlib)
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
