package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestHeadTest {
  private static HttpRequestHead target(String target) {
    return new HttpRequestHead("GET", target, 1, 1, HttpHeaders.EMPTY);
  }

  @Test
  void pathAndQuerySplitAtTheFirstQuestionMark() {
    HttpRequestHead head = target("/chat/room?a=1&b=2?c");
    assertThat(head.path()).isEqualTo("/chat/room");
    assertThat(head.query()).isEqualTo("a=1&b=2?c");
  }

  @Test
  void queryIsNullWithoutQuestionMarkAndEmptyWithABareOne() {
    assertThat(target("/chat").query()).isNull();
    assertThat(target("/chat?").query()).isEmpty();
    assertThat(target("/chat").queryParameters()).isEmpty();
  }

  @Test
  void absoluteFormTargetYieldsThePathAfterTheAuthorityRfc9112Section3_2_2() {
    assertThat(target("http://example.com:80/chat?x=1").path()).isEqualTo("/chat");
    assertThat(target("http://example.com:80/chat?x=1").query()).isEqualTo("x=1");
    assertThat(target("http://example.com").path()).isEqualTo("/");
    assertThat(target("http://example.com?x").path()).isEqualTo("/");
    assertThat(target("http://example.com?x").query()).isEqualTo("x");
  }

  @Test
  void queryParametersArePercentDecodedAsUtf8InOrderWithRepeatsKept() {
    Map<String, List<String>> params = target("/?room=caf%C3%A9&tag=a+b&tag=c%2Bd&flag&&empty=").queryParameters();
    assertThat(params).containsExactly(
        Map.entry("room", List.of("café")),
        Map.entry("tag", List.of("a b", "c+d")),
        Map.entry("flag", List.of("")),
        Map.entry("empty", List.of("")));
  }

  @Test
  void malformedPercentEscapesStayAndInvalidUtf8BecomesReplacementCharacter() {
    Map<String, List<String>> params = target("/?a=%&b=%4&c=%zz&d=%ff").queryParameters();
    assertThat(params.get("a")).containsExactly("%");
    assertThat(params.get("b")).containsExactly("%4");
    assertThat(params.get("c")).containsExactly("%zz");
    assertThat(params.get("d")).containsExactly("\ufffd");
  }

  @Test
  void versionBelow1_1CannotUpgrade() {
    assertThat(new HttpRequestHead("GET", "/", 1, 0, HttpHeaders.EMPTY).isAtLeastHttp11()).isFalse();
    assertThat(new HttpRequestHead("GET", "/", 1, 1, HttpHeaders.EMPTY).isAtLeastHttp11()).isTrue();
  }
}
