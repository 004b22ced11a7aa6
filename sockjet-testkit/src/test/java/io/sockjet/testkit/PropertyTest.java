package io.sockjet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropertyTest {

  @BeforeEach
  void runsEveryTry() {
    // These tests count tries; -Dsockjet.try, given to debug some other test, would skip most.
    assumeTrue(System.getProperty(Property.TRY_PROPERTY) == null, "-Dsockjet.try is set");
  }

  @Test
  void runsEveryTryAndTheSameSeedDrawsTheSameInputs() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    Property.forAll(7, 50, gen -> first.add(gen.anyLong()));
    Property.forAll(7, 50, gen -> second.add(gen.anyLong()));
    assertThat(first).hasSize(50).isEqualTo(second);
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void aFailureNamesTheSeedAndTheTryAndKeepsTheCause() {
    int[] calls = {0};
    AssertionError e =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                Property.forAll(42, 100, gen -> {
                  if (calls[0]++ == 3) {
                    throw new IOException("boom");
                  }
                }));
    long seed = Property.effectiveSeed(42);
    assertThat(calls[0]).isEqualTo(4); // stops at the first failure
    assertThat(e)
        .hasMessageContaining("try 3 of 100")
        .hasMessageContaining("-Dsockjet.seed=" + seed)
        .hasMessageContaining("-Dsockjet.try=3")
        .hasMessageContaining("boom")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void boundsAreKept() {
    Property.forAll(1, 1000, gen -> {
      assertThat(gen.intBetween(-3, 3)).isBetween(-3, 3);
      assertThat(gen.intBetween(Integer.MAX_VALUE - 1, Integer.MAX_VALUE))
          .isGreaterThanOrEqualTo(Integer.MAX_VALUE - 1);
      assertThat(gen.length(2, 5)).isBetween(2, 5);
      assertThat(gen.size(200)).isBetween(0, 200);
      assertThat(gen.bytes(70_000).length).isBetween(0, 70_000);
      assertThat(gen.listOf(1, 6, Gen::bool)).hasSizeBetween(1, 6);
      assertThat(gen.stringOf(1, 12, "ab")).matches("[ab]{1,12}");
      assertThat(gen.stringBetween(0, 9, '!', '~')).matches("[!-~]{0,9}");
      int cp = gen.codePoint();
      assertThat(Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)).isTrue();
      String text = gen.text(30);
      assertThat(text.length()).isLessThanOrEqualTo(30);
      assertThat(hasUnpairedSurrogate(text)).as("unpaired surrogate in text()").isFalse();
      assertThat(gen.utf16(30).length()).isLessThanOrEqualTo(30);
      assertThat(gen.weighted(0, 3, 0)).isEqualTo(1);
    });
  }

  @Test
  void edgeCasesComeUp() {
    List<Integer> sizes = new ArrayList<>();
    boolean[] lonely = {false};
    Property.forAll(2, 500, gen -> {
      sizes.add(gen.size(70_000));
      lonely[0] |= hasUnpairedSurrogate(gen.utf16(30));
    });
    assertThat(sizes).contains(0, 125, 126, 65_535, 65_536, 70_000);
    assertThat(lonely[0]).as("utf16() makes unpaired surrogates").isTrue();
    assertThat(Gen.charRange('\uFFFE', '\uFFFF')).isEqualTo("\uFFFE\uFFFF");
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
