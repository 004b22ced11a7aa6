package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {
  private final HttpHeaders headers = HttpHeaders.builder()
      .add("Host", "example.com")
      .add("Connection", "keep-alive, Upgrade")
      .add("X-Multi", "a")
      .add("x-multi", "b")
      .build();

  @Test
  void namesCompareCaseInsensitivelyRfc9110Section5_1() {
    assertThat(headers.first("HOST")).isEqualTo("example.com");
    assertThat(headers.contains("connection")).isTrue();
    assertThat(headers.all("X-MULTI")).containsExactly("a", "b");
  }

  @Test
  void firstIsNullAndAllIsEmptyForAnAbsentName() {
    assertThat(headers.first("Origin")).isNull();
    assertThat(headers.all("Origin")).isEmpty();
    assertThat(headers.contains("Origin")).isFalse();
    assertThat(HttpHeaders.EMPTY.isEmpty()).isTrue();
  }

  @Test
  void iterationAndNamesKeepInsertionOrder() {
    List<String> seen = new ArrayList<>();
    headers.forEach(f -> seen.add(f.name() + "=" + f.value()));
    assertThat(seen).containsExactly("Host=example.com", "Connection=keep-alive, Upgrade", "X-Multi=a", "x-multi=b");
    assertThat(headers.names()).containsExactly("host", "connection", "x-multi");
    assertThat(headers.size()).isEqualTo(4);
  }

  @Test
  void tokensSplitEveryLineOnCommasTrimmedWithEmptyElementsDroppedRfc9110Section5_6_1() {
    HttpHeaders h = HttpHeaders.builder().add("Connection", " , keep-alive ,,\tUpgrade, ").add("connection", "close").build();
    assertThat(h.tokens("Connection")).containsExactly("keep-alive", "Upgrade", "close");
    assertThat(h.containsToken("CONNECTION", "upgrade")).isTrue();
    assertThat(h.containsToken("Connection", "upgrad")).isFalse();
    assertThat(h.tokens("Upgrade")).isEmpty();
  }

  @Test
  void valuesAreStoredWithoutSurroundingWhiteSpace() {
    assertThat(HttpHeaders.builder().add("A", " \t x y\t ").build().first("a")).isEqualTo("x y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bad Name", "Bad:Name", "Ünicode", "a\r\nInjected: 1", "(x)"})
  void builderRejectsNamesThatAreNotTokens(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> HttpHeaders.builder().add(name, "v"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "a\0b", "a\u007fb", "a\u0100b", "a\u0001b"})
  void builderRejectsValuesThatCouldInjectOrAreNotIso8859_1(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> HttpHeaders.builder().add("X", value));
  }

  @Test
  void builderAcceptsTabsAndObsText() {
    assertThat(HttpHeaders.builder().add("X", "a\tb\u00e9").build().first("X")).isEqualTo("a\tb\u00e9");
  }

  @Test
  void setReplacesEveryFieldOfThatName() {
    HttpHeaders h = headers.toBuilder().set("X-MULTI", "c").build();
    assertThat(h.all("x-multi")).containsExactly("c");
    assertThat(h.size()).isEqualTo(3);
    assertThat(headers.size()).as("the original is immutable").isEqualTo(4);
  }

  @Test
  void equalHeadersAreEqual() {
    assertThat(headers.toBuilder().build()).isEqualTo(headers).hasSameHashCodeAs(headers);
    assertThat(HttpHeaders.builder().build()).isSameAs(HttpHeaders.EMPTY);
  }
}
