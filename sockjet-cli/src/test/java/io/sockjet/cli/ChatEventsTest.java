package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatEventsTest {

  @Test
  void eventsAreTheDocumentedJson() {
    assertThat(ChatEvents.welcome("Ada", List.of("Grace", "Ada")))
        .isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[\"Grace\",\"Ada\"]}");
    assertThat(ChatEvents.welcome("Ada", List.of()))
        .isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[]}");
    assertThat(ChatEvents.join("Ada")).isEqualTo("{\"type\":\"join\",\"name\":\"Ada\"}");
    assertThat(ChatEvents.leave("Ada")).isEqualTo("{\"type\":\"leave\",\"name\":\"Ada\"}");
    assertThat(ChatEvents.message("Ada", "hi"))
        .isEqualTo("{\"type\":\"message\",\"name\":\"Ada\",\"text\":\"hi\"}");
    assertThat(ChatEvents.error("no")).isEqualTo("{\"type\":\"error\",\"text\":\"no\"}");
  }

  @Test
  void stringsEscapeQuotesBackslashesAndEveryControlCharacter() {
    assertThat(quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(quote("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
    assertThat(quote("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    assertThat(quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(quote("</script><b>é😀")).isEqualTo("\"</script><b>é😀\"");
    for (char c = 0; c < 0x20; c++) {
      assertThat(quote(String.valueOf(c))).as("U+%04X", (int) c).startsWith("\"\\").hasSizeGreaterThan(3);
    }
  }

  private static String quote(String s) {
    return ChatEvents.quote(new StringBuilder(), s).toString();
  }
}
