package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chat's per-member token bucket, on explicit times. */
class MessageRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstOfTwiceTheRateThenOnePerIntervalAndRefusalsCounted() {
    long t = 1_000 * SECOND;
    MessageRate rate = new MessageRate(5, t);
    for (int i = 0; i < 10; i++) {
      assertThat(rate.tryTake(t)).as("burst message %d", i).isTrue();
    }
    assertThat(rate.tryTake(t)).isFalse();
    assertThat(rate.tryTake(t)).isFalse();
    assertThat(rate.refusedInARow()).isEqualTo(2);
    assertThat(rate.tryTake(t + SECOND / 5)).as("one token after 200 ms").isTrue();
    assertThat(rate.refusedInARow()).isZero();
    assertThat(rate.tryTake(t + SECOND / 5)).isFalse();
  }

  @Test
  void anIdleMemberGetsAFullBurstBackButNoMore() {
    long t = 1_000 * SECOND;
    MessageRate rate = new MessageRate(5, t);
    for (int i = 0; i < 10; i++) {
      rate.tryTake(t);
    }
    long later = t + 3600 * SECOND;
    int allowed = 0;
    while (rate.tryTake(later)) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }
}
