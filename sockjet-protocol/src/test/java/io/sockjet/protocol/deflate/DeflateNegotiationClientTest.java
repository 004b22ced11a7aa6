package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.NegotiationTables.config;
import static io.sockjet.protocol.deflate.NegotiationTables.element;
import static io.sockjet.protocol.deflate.NegotiationTables.header;
import static io.sockjet.protocol.deflate.NegotiationTables.parameters;
import static io.sockjet.protocol.deflate.NegotiationTables.zlib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client's side of RFC 7692 §7.1: the exact offers it writes, and its checks of every answer.
 * Table names as in {@link DeflateNegotiationServerTest}; {@code client} is
 * {@link DeflateConfig#clientDefaults()}.
 */
class DeflateNegotiationClientTest {

  @ParameterizedTest(name = "[{0} / {1}] {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # The default offer is Chromium's (net/websockets/websocket_handshake_stream_create_helper.cc),
      # also what Node ws 8.18.3 and python websockets 10.4 clients sent when captured on this machine.
      client | capable | permessage-deflate; client_max_window_bits
      # client_max_window_bits lets the server pick any window, 8 included: offered only when 8 can be
      # honoured, as java.util.zip can (Huffman codes only) whatever JDK runs it.
      client | jdk     | permessage-deflate; client_max_window_bits
      client | zlib    | permessage-deflate
      c10    | capable | permessage-deflate; client_max_window_bits=10
      c10    | jdk     | permessage-deflate; client_max_window_bits=10
      nocmwb | capable | permessage-deflate
      cnct   | capable | permessage-deflate; client_no_context_takeover; client_max_window_bits
      cnct   | jdk     | permessage-deflate; client_no_context_takeover; client_max_window_bits
      # Requests the server may not honour come with a fallback offer without them.
      s10    | capable | permessage-deflate; server_max_window_bits=10; client_max_window_bits, permessage-deflate; client_max_window_bits
      s10    | jdk     | permessage-deflate; server_max_window_bits=10; client_max_window_bits, permessage-deflate; client_max_window_bits
      snct   | capable | permessage-deflate; server_no_context_takeover; client_max_window_bits, permessage-deflate; client_max_window_bits
      snct nofallback | capable | permessage-deflate; server_no_context_takeover; client_max_window_bits
      s10 nofallback  | capable | permessage-deflate; server_max_window_bits=10; client_max_window_bits
      snct cnct s9 c12 | capable | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12, permessage-deflate; client_no_context_takeover; client_max_window_bits=12
      """)
  void offersAreWrittenExactly(String config, String zlib, String offers) {
    assertThat(ExtensionHeader.format(DeflateNegotiation.offers(config(config), zlib(zlib)))).isEqualTo(offers);
  }

  @ParameterizedTest(name = "[{0} / {1}] {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # Answers to Chromium's offer. The first is Node ws 8.18.3's answer to it, captured on this machine.
      client | capable | permessage-deflate | 0 0 15 15
      # no_context_takeover is honoured whether asked or not (RFC 7692 §7.1.1).
      client | capable | permessage-deflate; server_no_context_takeover | 1 0 15 15
      client | capable | permessage-deflate; client_no_context_takeover | 0 1 15 15
      client | capable | permessage-deflate; server_no_context_takeover; client_no_context_takeover | 1 1 15 15
      # server_max_window_bits may come unasked (RFC 7692 §7.1.2.1); the decompressor copes with any.
      client | capable | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      client | jdk     | permessage-deflate; server_max_window_bits=9  | 0 0 9 15
      client | capable | permessage-deflate; server_max_window_bits="10" | 0 0 10 15
      client | capable | permessage-deflate; client_max_window_bits=10 | 0 0 15 10
      client | capable | permessage-deflate; client_max_window_bits=8  | 0 0 15 8
      # python websockets 10.4's server answered Chromium's offer with this.
      client | capable | permessage-deflate; server_max_window_bits=12; client_max_window_bits=12 | 0 0 12 12
      client | capable | PERMESSAGE-DEFLATE; SERVER_NO_CONTEXT_TAKEOVER; Client_Max_Window_Bits=9 | 1 0 15 9
      client | jdk     | permessage-deflate | 0 0 15 15
      client | jdk     | permessage-deflate; client_max_window_bits=8  | 0 0 15 8
      client | jdk     | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=9 | 1 1 8 9
      # The offered client window binds the client even when the answer leaves it out (RFC 7692 §7.1.2.2).
      c10    | capable | permessage-deflate | 0 0 15 10
      c10    | capable | permessage-deflate; client_max_window_bits=9 | 0 0 15 9
      c10    | capable | permessage-deflate; client_max_window_bits=10 | 0 0 15 10
      c10    | jdk     | permessage-deflate | 0 0 15 10
      # A smaller own window is a wish: a zlib that cannot uses the smallest it can, if nobody limited it.
      c10    | 13-15   | permessage-deflate | 0 0 15 13
      # Offering client_no_context_takeover is a promise kept whatever the answer.
      cnct   | capable | permessage-deflate | 0 1 15 15
      # Requests honoured.
      snct nofallback | capable | permessage-deflate; server_no_context_takeover | 1 0 15 15
      s10 nofallback  | capable | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      s10 nofallback  | capable | permessage-deflate; server_max_window_bits=8  | 0 0 8 15
      # With a fallback offer, an answer that ignores the requests answers the fallback.
      snct | capable | permessage-deflate | 0 0 15 15
      s10  | capable | permessage-deflate | 0 0 15 15
      s10  | capable | permessage-deflate; server_max_window_bits=12 | 0 0 12 15
      s10  | jdk     | permessage-deflate; server_max_window_bits=10 | 0 0 10 15
      """)
  void acceptsEveryValidAnswer(String config, String zlib, String response, String agreed)
      throws DeflateNegotiationException {
    assertThat(DeflateNegotiation.accept(element(response), config(config), zlib(zlib)))
        .isEqualTo(parameters(agreed));
  }

  /**
   * RFC 7692 §7: "A client MUST _Fail the WebSocket Connection_ if the peer server accepted an
   * extension negotiation offer for this extension with an extension negotiation response meeting
   * any of the following conditions": unknown parameter, invalid value, repeated parameter, a
   * configuration the client does not support. Each row checks the rule that failed it.
   */
  @ParameterizedTest(name = "[{0} / {1}] {2} -> {3}: {4}")
  @CsvSource(delimiter = '|', textBlock = """
      # Syntax, as for offers.
      client | capable | permessage-deflate; foo | foo | is not a permessage-deflate parameter
      client | capable | permessage-deflate; server_no_context_takeover; server_no_context_takeover | server_no_context_takeover | appears more than once
      client | capable | permessage-deflate; client_max_window_bits=10; Client_Max_Window_Bits=10 | Client_Max_Window_Bits | appears more than once
      client | capable | permessage-deflate; server_no_context_takeover=1 | server_no_context_takeover | takes no value, got "1"
      client | capable | permessage-deflate; client_no_context_takeover=x | client_no_context_takeover | takes no value, got "x"
      client | capable | permessage-deflate; server_max_window_bits   | server_max_window_bits | needs a value
      client | capable | permessage-deflate; server_max_window_bits=08 | server_max_window_bits | "08" has a leading zero
      client | capable | permessage-deflate; server_max_window_bits=7  | server_max_window_bits | 7 is outside 8 to 15
      client | capable | permessage-deflate; server_max_window_bits=16 | server_max_window_bits | 16 is outside 8 to 15
      client | capable | permessage-deflate; server_max_window_bits="+9" | server_max_window_bits | "+9" is not a decimal integer
      client | capable | permessage-deflate; client_max_window_bits=016 | client_max_window_bits | "016" has a leading zero
      client | capable | permessage-deflate; client_max_window_bits=16 | client_max_window_bits | 16 is outside 8 to 15
      # A response sets the client's window, so client_max_window_bits needs a value there.
      client | capable | permessage-deflate; client_max_window_bits | client_max_window_bits | needs a value
      # client_max_window_bits only when offered, and no larger than offered (RFC 7692 §7.1.2.2).
      nocmwb | jdk     | permessage-deflate; client_max_window_bits=15 | client_max_window_bits | was not offered
      client | zlib    | permessage-deflate; client_max_window_bits=12 | client_max_window_bits | was not offered
      nocmwb | capable | permessage-deflate; client_max_window_bits=10 | client_max_window_bits | was not offered
      c10    | capable | permessage-deflate; client_max_window_bits=12 | client_max_window_bits | is 12, above the 10 offered
      # Requests the answer does not honour (RFC 7692 §7.1.1.1, §7.1.2.1).
      snct nofallback | capable | permessage-deflate | server_no_context_takeover | was requested and the response leaves it out
      snct nofallback | capable | permessage-deflate; client_no_context_takeover | server_no_context_takeover | was requested and the response leaves it out
      s10 nofallback  | capable | permessage-deflate | server_max_window_bits | 10 was requested and the response leaves it out
      s10 nofallback  | capable | permessage-deflate; server_max_window_bits=11 | server_max_window_bits | is 11, above the 10 requested
      s10 nofallback  | capable | permessage-deflate; server_max_window_bits=15 | server_max_window_bits | is 15, above the 10 requested
      # With a fallback, the reason given is the fallback's: the least demanding offer.
      s10 c10 | capable | permessage-deflate; client_max_window_bits=12 | client_max_window_bits | is 12, above the 10 offered
      snct nocmwb | jdk | permessage-deflate; server_no_context_takeover; client_max_window_bits=10 | client_max_window_bits | was not offered
      """)
  void failsOnEveryBadAnswerRfc7692Section7(
      String config, String zlib, String response, String parameter, String reason) {
    assertThatThrownBy(() -> DeflateNegotiation.accept(element(response), config(config), zlib(zlib)))
        .isInstanceOfSatisfying(DeflateNegotiationException.class, e -> {
          assertThat(e.parameter()).isEqualTo(parameter);
          assertThat(e.getMessage()).startsWith(parameter + ": ").contains(reason).contains("RFC 7692 §7");
        });
  }

  /**
   * A window the zlib cannot compress with fails the connection (RFC 7692 §7: "The client does
   * not support the configuration that the response represents"). {@link DeflateNegotiation#offers}
   * never leads there, so this drives the check with offers made by hand, as a caller that added
   * its own would.
   */
  @ParameterizedTest(name = "[{0}] {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      15-15   | permessage-deflate; client_max_window_bits=10 | 15-15 cannot compress with any window of 10 bits or fewer
      zlib    | permessage-deflate; client_max_window_bits=8  | zlib-9-15 cannot compress with any window of 8 bits or fewer
      """)
  void failsOnAWindowThisZlibCannotCompressWith(String zlib, String response, String reason) {
    List<ExtensionOffer> sent = header("permessage-deflate; client_max_window_bits");
    assertThatThrownBy(() -> DeflateNegotiation.acceptAnswerTo(sent, element(response), config("client"), zlib(zlib)))
        .isInstanceOfSatisfying(DeflateNegotiationException.class, e -> {
          assertThat(e.parameter()).isEqualTo("client_max_window_bits");
          assertThat(e.getMessage()).contains(reason);
        });
  }

  @Test
  void anOfferedClientWindowBindsEvenWhenTheConfigWishesForMore() throws DeflateNegotiationException {
    // RFC 7692 §7.1.2.2: with a value, the offer tells the server "the client is not going to use
    // an LZ77 sliding window size greater than the size specified by the value".
    List<ExtensionOffer> sent = header("permessage-deflate; client_max_window_bits=10");
    assertThat(DeflateNegotiation.acceptAnswerTo(sent, element("permessage-deflate"), config("c15"), WindowZlib.CAPABLE))
        .isEqualTo(parameters("0 0 15 10"));
  }

  @Test
  void aSmallerWindowThanAllowedIsUsedWhenTheZlibCannotMatchIt() throws DeflateNegotiationException {
    // A zlib honouring only 9 to 12 (none does; the rule is general) answers 14 with 12.
    Zlib nineToTwelve = new WindowZlib("9-12", 9, 12);
    List<ExtensionOffer> sent = header("permessage-deflate; client_max_window_bits");
    assertThat(DeflateNegotiation.acceptAnswerTo(
            sent, element("permessage-deflate; client_max_window_bits=14"), config("client"), nineToTwelve))
        .isEqualTo(parameters("0 0 15 12"));
  }

  @Test
  void anElementNotNamedPermessageDeflateIsTheCallersMistake() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeflateNegotiation.accept(element("x-webkit-deflate-frame"), config("client"), Zlib.jdk()))
        .withMessage("not a permessage-deflate element: x-webkit-deflate-frame");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeflateNegotiation.acceptAnswerTo(
            List.of(), element("permessage-deflate"), config("client"), Zlib.jdk()))
        .withMessage("no permessage-deflate offer was sent");
  }

  @Test
  void findAcceptedReturnsTheOnePermessageDeflateElement() throws DeflateNegotiationException {
    assertThat(DeflateNegotiation.findAccepted(List.of())).isEmpty();
    assertThat(DeflateNegotiation.findAccepted(header("x-foo"))).isEmpty();
    assertThat(DeflateNegotiation.findAccepted(header("x-foo, PerMessage-Deflate; server_no_context_takeover")))
        .contains(element("PerMessage-Deflate; server_no_context_takeover"));
  }

  @Test
  void permessageDeflateAcceptedTwiceFailsRfc7692Section5() {
    assertThatThrownBy(() -> DeflateNegotiation.findAccepted(
            header("permessage-deflate, x-foo, permessage-deflate; server_no_context_takeover")))
        .isInstanceOfSatisfying(DeflateNegotiationException.class, e -> {
          assertThat(e.parameter()).isNull();
          assertThat(e.getMessage())
              .isEqualTo("the response accepts permessage-deflate twice; both would use RSV1 (RFC 7692 §5)");
        });
  }
}
