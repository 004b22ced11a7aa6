package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubprotocolsTest {
  @Test
  void parsesEveryLineInOrder() throws MalformedHeaderException {
    HttpHeaders h = HttpHeaders.builder()
        .add("Sec-WebSocket-Protocol", "chat, superchat")
        .add("sec-websocket-protocol", " v2.json ,")
        .build();
    assertThat(Subprotocols.parse(h)).containsExactly("chat", "superchat", "v2.json");
    assertThat(Subprotocols.parse(HttpHeaders.EMPTY)).isEmpty();
  }

  @Test
  void elementsMustBeTokensRfc6455Section4_1() {
    HttpHeaders h = HttpHeaders.builder().add("Sec-WebSocket-Protocol", "chat, super chat").build();
    assertThatThrownBy(() -> Subprotocols.parse(h)).isInstanceOf(MalformedHeaderException.class);
  }

  @Test
  void selectTakesTheServersFirstPreferenceThatWasOffered() {
    assertThat(Subprotocols.select(List.of("a", "b", "c"), List.of("c", "b"))).contains("c");
    assertThat(Subprotocols.select(List.of("a", "b"), List.of("x", "b", "a"))).contains("b");
  }

  @Test
  void selectIsEmptyWithoutCommonProtocolAndCaseSensitive() {
    assertThat(Subprotocols.select(List.of("chat"), List.of("Chat"))).isEmpty();
    assertThat(Subprotocols.select(List.of(), List.of("chat"))).isEmpty();
  }
}
