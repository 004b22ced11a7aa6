package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionHeaderTest {
  private static ExtensionParameter p(String name, String value) {
    return new ExtensionParameter(name, value);
  }

  @Test
  void parsesTwoOffersOfTheSameExtensionRfc7692Section5() throws MalformedHeaderException {
    assertThat(ExtensionHeader.parse(
            "permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=10"))
        .containsExactly(
            ExtensionOffer.of("permessage-deflate", p("client_max_window_bits", null)),
            ExtensionOffer.of("permessage-deflate", p("server_max_window_bits", "10")));
  }

  @Test
  void quotedValueIsUnquotedRfc6455Section9_1() throws MalformedHeaderException {
    assertThat(ExtensionHeader.parse("permessage-deflate;server_max_window_bits=\"10\""))
        .containsExactly(ExtensionOffer.of("permessage-deflate", p("server_max_window_bits", "10")));
    assertThat(ExtensionHeader.parse("x; a=\"b\\c\"")).containsExactly(ExtensionOffer.of("x", p("a", "bc")));
  }

  @Test
  void whiteSpaceAroundSeparatorsAndEmptyElementsAreIgnored() throws MalformedHeaderException {
    assertThat(ExtensionHeader.parse(" , a \t;\tb = 1 ; c ,, d ,"))
        .containsExactly(ExtensionOffer.of("a", p("b", "1"), p("c", null)), ExtensionOffer.of("d"));
  }

  @Test
  void duplicateParametersArePreservedInOrder() throws MalformedHeaderException {
    assertThat(ExtensionHeader.parse("x; a=1; a=2").get(0).parameters()).containsExactly(p("a", "1"), p("a", "2"));
  }

  @Test
  void severalHeaderLinesFormOneList() throws MalformedHeaderException {
    HttpHeaders headers = HttpHeaders.builder()
        .add("Sec-WebSocket-Extensions", "a; x=1")
        .add("Other", "b")
        .add("sec-websocket-extensions", "b, c")
        .build();
    assertThat(ExtensionHeader.parse(headers).stream().map(ExtensionOffer::name)).containsExactly("a", "b", "c");
    assertThat(ExtensionHeader.parse(HttpHeaders.EMPTY)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "a;;b", "a; =10", "=10", "a; b=", "a; b=\"10", "a; b=\"1 0\"", "a; b=\"\"", "a; b=\"\\", "a b", "a; b c",
    "a; b=1=2", "(a)", "a; b=\"x\"y", "", " , ", "a; b=1 2"
  })
  void malformedHeadersAreRejected(String value) {
    assertThatThrownBy(() -> ExtensionHeader.parse(value))
        .isInstanceOfSatisfying(
            MalformedHeaderException.class, e -> assertThat(e.headerName()).isEqualTo("Sec-WebSocket-Extensions"));
  }

  @Test
  void formatWritesTheOffersBackParseably() throws MalformedHeaderException {
    List<ExtensionOffer> offers = List.of(
        ExtensionOffer.of("permessage-deflate", p("client_max_window_bits", null), p("server_max_window_bits", "10")),
        ExtensionOffer.of("x-other"));
    String formatted = ExtensionHeader.format(offers);
    assertThat(formatted).isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-other");
    assertThat(ExtensionHeader.parse(formatted)).isEqualTo(offers);
  }

  @Test
  void offersAndParametersMustBeTokens() {
    assertThatIllegalArgumentException().isThrownBy(() -> ExtensionOffer.of("a b"));
    assertThatIllegalArgumentException().isThrownBy(() -> p("a", "1 0"));
    assertThatIllegalArgumentException().isThrownBy(() -> p("", null));
  }
}
