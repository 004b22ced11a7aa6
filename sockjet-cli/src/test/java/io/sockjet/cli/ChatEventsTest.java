package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatEventsTest {

  @Test
  void eventsAreTheDocumentedJson() {
    assertThat(ChatEvents.welcome("Ada", ChatEvents.list(List.of("Grace", "Ada"))))
        .isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[\"Grace\",\"Ada\"]}");
    assertThat(ChatEvents.welcome("Ada", ChatEvents.list(List.of())))
        .isEqualTo("{\"type\":\"welcome\",\"name\":\"Ada\",\"users\":[]}");
    assertThat(ChatEvents.presence(List.of("Ada", "Bob"), List.of("Eve")))
        .isEqualTo("{\"type\":\"presence\",\"joined\":[\"Ada\",\"Bob\"],\"left\":[\"Eve\"]}");
    assertThat(ChatEvents.presence(List.of(), List.of("a\"b")))
        .isEqualTo("{\"type\":\"presence\",\"joined\":[],\"left\":[\"a\\\"b\"]}");
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
