package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerHeapTest {
  private static ScheduledTimer timer(long deadline, int sequence) {
    return new ScheduledTimer(null, () -> {}, deadline, sequence);
  }

  @Test
  void pollsInDeadlineOrderThenSchedulingOrder() {
    TimerHeap heap = new TimerHeap();
    ScheduledTimer late = timer(30, 0);
    ScheduledTimer early1 = timer(10, 1);
    ScheduledTimer middle = timer(20, 2);
    ScheduledTimer early2 = timer(10, 3);
    for (ScheduledTimer t : List.of(late, early1, middle, early2)) {
      heap.add(t);
    }
    assertThat(List.of(heap.poll(), heap.poll(), heap.poll(), heap.poll()))
        .containsExactly(early1, early2, middle, late);
    assertThat(heap.poll()).isNull();
  }

  @Test
  void deadlinesCompareAcrossNanoTimeWraparound() {
    TimerHeap heap = new TimerHeap();
    ScheduledTimer beforeWrap = timer(Long.MAX_VALUE - 5, 0);
    ScheduledTimer afterWrap = timer(Long.MIN_VALUE + 5, 1);
    heap.add(afterWrap);
    heap.add(beforeWrap);
    assertThat(heap.poll()).isSameAs(beforeWrap);
  }

  @Test
  void equalDeadlinesKeepSchedulingOrderAcrossSequenceWraparound() {
    TimerHeap heap = new TimerHeap();
    ScheduledTimer beforeWrap = timer(10, Integer.MAX_VALUE);
    ScheduledTimer afterWrap = timer(10, Integer.MIN_VALUE);
    heap.add(afterWrap);
    heap.add(beforeWrap);
    assertThat(heap.poll()).isSameAs(beforeWrap);
  }

  @Test
  void removingEveryTimerEmptiesAndShrinksTheHeap() {
    TimerHeap heap = new TimerHeap();
    List<ScheduledTimer> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ScheduledTimer t = timer(i * 7919L % 100_003, i);
      all.add(t);
      heap.add(t);
    }
    for (ScheduledTimer t : all) {
      heap.remove(t);
    }
    assertThat(heap.size()).isZero();
    assertThat(heap.capacity()).isLessThanOrEqualTo(128);
    assertThat(all).allMatch(t -> t.heapIndex == -1);
  }

  @Test
  void randomAddsAndRemovesKeepHeapOrder() {
    Property.forAll(0x7157_0001L, 200, gen -> {
      int count = gen.intBetween(1, 300);
      TimerHeap heap = new TimerHeap();
      List<ScheduledTimer> live = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ScheduledTimer t = timer(gen.intBetween(0, 49), i);
        heap.add(t);
        live.add(t);
        if (gen.intBetween(0, 2) == 0) {
          ScheduledTimer victim = live.remove(gen.intBetween(0, live.size() - 1));
          heap.remove(victim);
          heap.remove(victim); // a second removal is a no-op
        }
      }
      live.sort(
          Comparator.comparingLong((ScheduledTimer t) -> t.deadline)
              .thenComparingLong(t -> t.sequence));
      List<ScheduledTimer> polled = new ArrayList<>();
      ScheduledTimer t;
      while ((t = heap.poll()) != null) {
        polled.add(t);
      }
      assertThat(polled).containsExactlyElementsOf(live);
    });
  }
}
