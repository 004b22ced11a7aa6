package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chat room's bounded backlog: never more than its cap enter, from however many threads. */
class BacklogTest {
  @Test
  void entriesPastTheCapAreRefusedUntilSomeLeave() {
    Backlog backlog = new Backlog(3);
    assertThat(backlog.tryEnter()).isTrue();
    assertThat(backlog.tryEnter()).isTrue();
    assertThat(backlog.tryEnter()).isTrue();
    assertThat(backlog.tryEnter()).isFalse();
    backlog.leave();
    assertThat(backlog.tryEnter()).isTrue();
    assertThat(backlog.waiting()).isEqualTo(3);
  }

  @Test
  void threadsRacingToEnterNeverPassTheCap() throws Exception {
    Backlog backlog = new Backlog(1_000);
    AtomicInteger entered = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int n = 0; n < 1_000; n++) {
          if (backlog.tryEnter()) {
            entered.incrementAndGet();
          }
        }
      });
      threads[i].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(entered.get()).isEqualTo(1_000);
    assertThat(backlog.waiting()).isEqualTo(1_000);
  }
}
