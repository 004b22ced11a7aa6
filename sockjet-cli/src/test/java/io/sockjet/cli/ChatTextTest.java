package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatTextTest {

  @Test
  void nameCollapsesWhiteSpaceAndDropsControlAndDirectionCharacters() {
    assertThat(ChatText.name("  Ada \t\n Lovelace  ")).isEqualTo("Ada Lovelace");
    assertThat(ChatText.name("\u202EevilA\u0000da\u200B")).isEqualTo("evilAda");
    assertThat(ChatText.name("\u2066x\u2069\u200Fy")).isEqualTo("xy");
  }

  @Test
  void nameKeepsTheZeroWidthJoinerOfEmojiSequences() {
    String family = "\uD83D\uDC69\u200D\uD83D\uDC67"; // woman ZWJ girl
    assertThat(ChatText.name(family)).isEqualTo(family);
  }

  @Test
  void nameIsNullWhenNothingIsLeft() {
    assertThat(ChatText.name(null)).isNull();
    assertThat(ChatText.name("")).isNull();
    assertThat(ChatText.name(" \u200B\u0001 ")).isNull();
  }

  @Test
  void nameIsCutAtMaxCodePointsWithoutSplittingAPairOrEndingInASpace() {
    String smile = "\uD83D\uDE00";
    assertThat(ChatText.name(smile.repeat(40))).isEqualTo(smile.repeat(ChatText.MAX_NAME));
    String thirtyOne = "a".repeat(ChatText.MAX_NAME - 1);
    assertThat(ChatText.name(thirtyOne + " b")).isEqualTo(thirtyOne);
    assertThat(ChatText.name("a".repeat(30) + " bc")).isEqualTo("a".repeat(30) + " b");
  }

  @Test
  void messageKeepsLineBreaksAndTabsButNotOtherControlsOrOverrides() {
    assertThat(ChatText.message("  one\n\ttwo\u0007\u202E  ")).isEqualTo("one\n\ttwo");
    assertThat(ChatText.message("<b>bold</b> & \"quotes\"")).isEqualTo("<b>bold</b> & \"quotes\"");
    assertThat(ChatText.message(" \u0000 ")).isEmpty();
  }

  @Test
  void lengthIsCountedInCodePoints() {
    String smile = "\uD83D\uDE00";
    assertThat(ChatText.tooLong(smile.repeat(ChatText.MAX_MESSAGE))).isFalse();
    assertThat(ChatText.tooLong(smile.repeat(ChatText.MAX_MESSAGE + 1))).isTrue();
    assertThat(ChatText.tooLong("a".repeat(ChatText.MAX_MESSAGE + 1))).isTrue();
  }
}
