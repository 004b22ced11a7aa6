package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.NegotiationTables.config;
import static io.sockjet.protocol.deflate.NegotiationTables.element;
import static io.sockjet.protocol.deflate.NegotiationTables.header;
import static io.sockjet.protocol.deflate.NegotiationTables.parameters;
import static io.sockjet.protocol.deflate.NegotiationTables.zlib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.handshake.ExtensionHeader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's side of RFC 7692 §7.1: which offer it takes and the exact element it answers with.
 *
 * <p>Configs ({@link NegotiationTables#config}): {@code rfc} the RFC defaults, {@code server}
 * {@link DeflateConfig#serverDefaults()}, else settings such as {@code s12} (server window 12).
 * Zlibs: {@code capable} 8 to 15, {@code zlib} 9 to 15, {@code jdk} {@code java.util.zip} (8 to
 * 15 as well, below 15 with Huffman codes only).
 * Parameters: {@code "snct cnct serverBits clientBits"}.
 *
 * <p>Where offers come from: {@code permessage-deflate; client_max_window_bits} is what Chromium
 * sends (net/websockets/websocket_handshake_stream_create_helper.cc), and what Node ws 8.18.3 and
 * python websockets 10.4 clients sent when captured on this machine. The {@code py} rows answer as
 * python websockets 10.4's server did when sent the same offers (its defaults: both windows 12).
 */
class DeflateNegotiationServerTest {

  @ParameterizedTest(name = "[{0} / {1}] {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # The offer every browser-class client sends, and the bare one.
      rfc     | capable | permessage-deflate; client_max_window_bits | permessage-deflate | 0 0 15 15
      rfc     | jdk     | permessage-deflate; client_max_window_bits | permessage-deflate | 0 0 15 15
      server  | capable | permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover | 1 0 15 15
      server  | jdk     | permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover | 1 0 15 15
      rfc     | capable | permessage-deflate | permessage-deflate | 0 0 15 15
      server  | capable | permessage-deflate | permessage-deflate; server_no_context_takeover | 1 0 15 15

      # Each parameter offered on its own.
      rfc | capable | permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover | 1 0 15 15
      rfc | capable | permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover | 0 1 15 15
      rfc | capable | permessage-deflate; server_max_window_bits=10  | permessage-deflate; server_max_window_bits=10  | 0 0 10 15
      rfc | capable | permessage-deflate; server_max_window_bits=8   | permessage-deflate; server_max_window_bits=8   | 0 0 8 15
      rfc | zlib    | permessage-deflate; server_max_window_bits=9   | permessage-deflate; server_max_window_bits=9   | 0 0 9 15
      # java.util.zip has no window setting, and agrees to every window all the same (Autobahn 13.3-13.6).
      rfc | jdk     | permessage-deflate; server_max_window_bits=8   | permessage-deflate; server_max_window_bits=8   | 0 0 8 15
      rfc | jdk     | permessage-deflate; server_max_window_bits=10  | permessage-deflate; server_max_window_bits=10  | 0 0 10 15
      rfc | jdk     | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | 1 1 9 8
      # Accepting server_max_window_bits means echoing it, even at 15.
      rfc | jdk     | permessage-deflate; server_max_window_bits=15  | permessage-deflate; server_max_window_bits=15  | 0 0 15 15
      rfc | capable | permessage-deflate; server_max_window_bits="10" | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      # An offered client window is echoed (it binds the client anyway); 15 goes without saying.
      rfc | capable | permessage-deflate; client_max_window_bits=10  | permessage-deflate; client_max_window_bits=10  | 0 0 15 10
      rfc | jdk     | permessage-deflate; client_max_window_bits=10  | permessage-deflate; client_max_window_bits=10  | 0 0 15 10
      rfc | capable | permessage-deflate; client_max_window_bits="8" | permessage-deflate; client_max_window_bits=8   | 0 0 15 8
      rfc | capable | permessage-deflate; client_max_window_bits=15  | permessage-deflate | 0 0 15 15
      rfc | capable | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | 1 1 9 8
      # Node ws answers this one with its parameters in the offer's order; ours are in a fixed order.
      rfc | capable | permessage-deflate; client_max_window_bits=10; server_no_context_takeover | permessage-deflate; server_no_context_takeover; client_max_window_bits=10 | 1 0 15 10

      # Names ignore case; the answer is lower case.
      rfc | capable | PerMessage-Deflate; Client_Max_Window_Bits | permessage-deflate | 0 0 15 15
      rfc | capable | PERMESSAGE-DEFLATE; SERVER_NO_CONTEXT_TAKEOVER; SERVER_MAX_WINDOW_BITS=10 | permessage-deflate; server_no_context_takeover; server_max_window_bits=10 | 1 0 10 15

      # Several offers: the first acceptable one wins.
      rfc | jdk     | permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      rfc | jdk     | permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=8 | 0 0 8 15
      rfc | capable | permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      rfc | zlib    | permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=9 | permessage-deflate; server_max_window_bits=9 | 0 0 9 15
      rfc | capable | permessage-deflate; foo, permessage-deflate; client_max_window_bits=12 | permessage-deflate; client_max_window_bits=12 | 0 0 15 12
      rfc | capable | permessage-deflate; server_max_window_bits=08, permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover | 1 0 15 15
      rfc | capable | x-webkit-deflate-frame, permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover | 1 0 15 15

      # The server adds what its configuration asks, unasked.
      cnct | capable | permessage-deflate; client_max_window_bits | permessage-deflate; client_no_context_takeover | 0 1 15 15
      snct cnct | capable | permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover | 1 1 15 15
      s12  | capable | permessage-deflate | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      s12  | capable | permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      s12  | capable | permessage-deflate; server_max_window_bits=14 | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      # java.util.zip takes the wish as the system zlib does (it pays in ratio, not memory).
      s12  | jdk     | permessage-deflate | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      s12  | jdk     | permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      s8   | zlib    | permessage-deflate | permessage-deflate; server_max_window_bits=9 | 0 0 9 15
      s8   | zlib    | permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=9 | 0 0 9 15
      # The client's window is limited only when it offered client_max_window_bits (RFC 7692 §7.1.2.2).
      c10  | capable | permessage-deflate; client_max_window_bits    | permessage-deflate; client_max_window_bits=10 | 0 0 15 10
      c10  | capable | permessage-deflate; client_max_window_bits=12 | permessage-deflate; client_max_window_bits=10 | 0 0 15 10
      c10  | capable | permessage-deflate; client_max_window_bits=9  | permessage-deflate; client_max_window_bits=9  | 0 0 15 9
      c10  | capable | permessage-deflate | permessage-deflate | 0 0 15 15
      # python websockets 10.4's server defaults, and the answers it gave.
      s12 c12 | capable | permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=12; client_max_window_bits=12 | 0 0 12 12
      s12 c12 | capable | permessage-deflate | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      s12 c12 | capable | permessage-deflate; client_max_window_bits; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10; client_max_window_bits=12 | 0 0 10 12
      """)
  void acceptsTheFirstAcceptableOfferRfc7692Section7(
      String config, String zlib, String offers, String response, String agreed) {
    Optional<DeflateNegotiation.Agreement> agreement =
        DeflateNegotiation.accept(header(offers), config(config), zlib(zlib));

    assertThat(agreement).isPresent();
    assertThat(ExtensionHeader.format(List.of(agreement.get().response()))).isEqualTo(response);
    assertThat(agreement.get().parameters()).isEqualTo(parameters(agreed));
  }

  @ParameterizedTest(name = "[{0} / {1}] {2}")
  @CsvSource(delimiter = '|', textBlock = """
      rfc  | capable | x-webkit-deflate-frame
      rfc  | zlib    | permessage-deflate; server_max_window_bits=8
      s12  | 13-15   | permessage-deflate; server_max_window_bits=12
      rfc  | 13-15   | permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=12
      rfc  | capable | permessage-deflate; foo, permessage-deflate; server_max_window_bits
      """)
  void declinesWhenNoOfferIsAcceptable(String config, String zlib, String offers) {
    assertThat(DeflateNegotiation.accept(header(offers), config(config), zlib(zlib))).isEmpty();
  }

  /**
   * RFC 7692 §7: "A server MUST decline an extension negotiation offer for this extension if any
   * of the following conditions are met": unknown parameter, invalid value, repeated parameter,
   * unsupported configuration. Each row checks that the right rule declined it.
   */
  @ParameterizedTest(name = "[{1}] {0} -> {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # Unknown parameters.
      permessage-deflate; foo                           | capable | foo | is not a permessage-deflate parameter
      permessage-deflate; client_max_window             | capable | client_max_window | is not a permessage-deflate parameter
      permessage-deflate; max_window_bits=10            | capable | max_window_bits | is not a permessage-deflate parameter
      permessage-deflate; server_no_context_takeover_x  | capable | server_no_context_takeover_x | is not a permessage-deflate parameter
      # Repeated parameters, whatever their case or values.
      permessage-deflate; server_no_context_takeover; server_no_context_takeover | capable | server_no_context_takeover | appears more than once
      permessage-deflate; client_no_context_takeover; CLIENT_NO_CONTEXT_TAKEOVER | capable | CLIENT_NO_CONTEXT_TAKEOVER | appears more than once
      permessage-deflate; server_max_window_bits=10; server_max_window_bits=10   | capable | server_max_window_bits | appears more than once
      permessage-deflate; client_max_window_bits; client_max_window_bits=10      | capable | client_max_window_bits | appears more than once
      # A value where none is allowed.
      permessage-deflate; server_no_context_takeover=true | capable | server_no_context_takeover | takes no value, got "true"
      permessage-deflate; client_no_context_takeover="1"  | capable | client_no_context_takeover | takes no value, got "1"
      # Window values: present, decimal, no leading zero, 8 to 15.
      permessage-deflate; server_max_window_bits       | capable | server_max_window_bits | needs a value
      permessage-deflate; server_max_window_bits=08    | capable | server_max_window_bits | "08" has a leading zero
      permessage-deflate; server_max_window_bits=010   | capable | server_max_window_bits | "010" has a leading zero
      permessage-deflate; server_max_window_bits=0     | capable | server_max_window_bits | 0 is outside 8 to 15
      permessage-deflate; server_max_window_bits=7     | capable | server_max_window_bits | 7 is outside 8 to 15
      permessage-deflate; server_max_window_bits=16    | capable | server_max_window_bits | 16 is outside 8 to 15
      permessage-deflate; server_max_window_bits=99999999999 | capable | server_max_window_bits | 99999999999 is outside 8 to 15
      permessage-deflate; server_max_window_bits=+9    | capable | server_max_window_bits | "+9" is not a decimal integer
      permessage-deflate; server_max_window_bits=9.0   | capable | server_max_window_bits | "9.0" is not a decimal integer
      permessage-deflate; server_max_window_bits=0xA   | capable | server_max_window_bits | "0xA" is not a decimal integer
      permessage-deflate; server_max_window_bits=1e1   | capable | server_max_window_bits | "1e1" is not a decimal integer
      permessage-deflate; server_max_window_bits=ten   | capable | server_max_window_bits | "ten" is not a decimal integer
      permessage-deflate; client_max_window_bits=08    | capable | client_max_window_bits | "08" has a leading zero
      permessage-deflate; client_max_window_bits=7     | capable | client_max_window_bits | 7 is outside 8 to 15
      permessage-deflate; client_max_window_bits=16    | capable | client_max_window_bits | 16 is outside 8 to 15
      permessage-deflate; client_max_window_bits=-1    | capable | client_max_window_bits | "-1" is not a decimal integer
      # Windows this zlib cannot compress with.
      permessage-deflate; server_max_window_bits=14    | 15-15   | server_max_window_bits | 15-15 cannot compress with any window of 14 bits or fewer
      permessage-deflate; server_max_window_bits=8     | zlib    | server_max_window_bits | zlib-9-15 cannot compress with any window of 8 bits or fewer
      """)
  void declinesAnOfferForTheRuleItBreaks(String offer, String zlib, String parameter, String reason) {
    assertThatThrownBy(() -> DeflateNegotiation.agree(element(offer), config("rfc"), zlib(zlib)))
        .isInstanceOfSatisfying(DeflateNegotiationException.class, e -> {
          assertThat(e.parameter()).isEqualTo(parameter);
          assertThat(e.getMessage()).startsWith(parameter + ": ").contains(reason).contains("RFC 7692 §7");
        });
  }
}
