package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompressionBudgetTest {

  @Test
  void reservesUpToTheLimitAndCountsRefusals() {
    CompressionBudget budget = new CompressionBudget(100);
    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(41)).isFalse();
    assertThat(budget.tryReserve(40)).isTrue();
    assertThat(budget.reserved()).isEqualTo(100);
    assertThat(budget.refused()).isEqualTo(1);
    budget.release(60);
    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(0)).isTrue();
  }

  @Test
  void anUnlimitedBudgetDoesNotOverflow() {
    CompressionBudget budget = new CompressionBudget(Long.MAX_VALUE);
    assertThat(budget.tryReserve(Long.MAX_VALUE - 1)).isTrue();
    assertThat(budget.tryReserve(2)).isFalse();
  }

  @Test
  void rejectsNegativeValues() {
    assertThatThrownBy(() -> new CompressionBudget(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CompressionBudget(1).tryReserve(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReservationsNeverPassTheLimit() throws Exception {
    CompressionBudget budget = new CompressionBudget(1000);
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> {
        for (int j = 0; j < 1000; j++) {
          if (budget.tryReserve(3)) {
            granted.incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(granted.get()).isEqualTo(333);
    assertThat(budget.reserved()).isEqualTo(999);
  }
}
