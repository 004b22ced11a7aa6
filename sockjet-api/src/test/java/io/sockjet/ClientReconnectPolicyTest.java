package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Backoff delays computed from a seeded jitter source, never measured on the wall clock. */
@Timeout(10)
class ClientReconnectPolicyTest {

  @Test
  void withoutJitterTheDelayDoublesUpToTheCap() {
    ReconnectPolicy p = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofMillis(1000)).jitter(0).build();
    List<Long> millis = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      millis.add(p.delay(n).toMillis());
    }
    assertThat(millis).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void seededJitterGivesReproducibleDelaysWithinTheBandThatGrow() {
    ReconnectPolicy a = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofSeconds(30)).jitter(0.2).random(new Random(42)).build();
    ReconnectPolicy b = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofSeconds(30)).jitter(0.2).random(new Random(42)).build();
    Random expected = new Random(42);
    Duration previous = Duration.ZERO;
    for (int n = 1; n <= 8; n++) {
      Duration d = a.delay(n);
      assertThat(b.delay(n)).isEqualTo(d);
      double base = 100e6 * Math.pow(2, n - 1);
      long exact = (long) (base * (1 + 0.2 * (2 * expected.nextDouble() - 1)));
      assertThat(d.toNanos()).isEqualTo(exact);
      assertThat(d.toNanos()).isBetween((long) (base * 0.8), (long) (base * 1.2));
      // With 20% jitter and doubling the bands do not overlap (0.8 x 2 = 1.6 > 1.2): every delay
      // is longer than the one before.
      assertThat(d).isGreaterThan(previous);
      previous = d;
    }
  }

  @Test
  void jitterNeverExceedsTheCap() {
    ReconnectPolicy p = ReconnectPolicy.builder().initialDelay(Duration.ofSeconds(1))
        .maxDelay(Duration.ofSeconds(2)).jitter(1).random(new Random(7)).build();
    for (int n = 1; n <= 50; n++) {
      assertThat(p.delay(n)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void maxAttemptsBoundsTheRetries() {
    ReconnectPolicy p = ReconnectPolicy.builder().maxAttempts(3).build();
    assertThat(p.allows(3)).isTrue();
    assertThat(p.allows(4)).isFalse();
    assertThat(ReconnectPolicy.defaults().allows(1_000_000)).isTrue();
    assertThatThrownBy(() -> p.delay(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
