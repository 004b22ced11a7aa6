package io.sockjet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live set: exactly the members added and not removed, whatever the order of operations. */
class LiveConnectionsTest {
  static final class M implements LiveConnections.Member {
    final int id;
    int index = -1;

    M(int id) {
      this.id = id;
    }

    @Override
    public int liveIndex() {
      return index;
    }

    @Override
    public void liveIndex(int index) {
      this.index = index;
    }
  }

  /** Each op adds (even) or removes (odd) member op / 2 of a pool of 64; up to 2000 ops. */
  @Test
  void holdsExactlyTheMembersAddedAndNotRemoved() {
    Property.forAll(0x11FE_0001L, 300, gen -> {
      List<Integer> ops = gen.listOf(0, 2000, g -> g.intBetween(0, 127));
      M[] pool = new M[64];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = new M(i);
      }
      LiveConnections<M> live = new LiveConnections<>();
      Set<M> expected = new HashSet<>();
      for (int op : ops) {
        M m = pool[op / 2];
        if (op % 2 == 0) {
          live.add(m);
          expected.add(m);
        } else {
          live.remove(m);
          expected.remove(m);
        }
        assertThat(live.size()).isEqualTo(expected.size());
      }
      List<M> snapshot = live.snapshot();
      assertThat(snapshot).containsExactlyInAnyOrderElementsOf(expected);
      for (int i = 0; i < snapshot.size(); i++) {
        assertThat(snapshot.get(i).index).as("index kept by member %d", snapshot.get(i).id)
            .isEqualTo(i);
      }
      for (M m : pool) {
        if (!expected.contains(m)) {
          assertThat(m.index).as("non-member %d", m.id).isEqualTo(-1);
        }
      }
    });
  }

  @Test
  void snapshotIsACopyThatLaterChangesDoNotTouch() {
    LiveConnections<M> live = new LiveConnections<>();
    M a = new M(1);
    M b = new M(2);
    live.add(a);
    live.add(b);
    List<M> before = live.snapshot();
    live.remove(a);
    live.add(new M(3));
    assertThat(before).containsExactly(a, b);
  }

  @Test
  void growsForACrowdAndShrinksOnceItHasGone() {
    LiveConnections<M> live = new LiveConnections<>();
    List<M> crowd = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      M m = new M(i);
      crowd.add(m);
      live.add(m);
    }
    assertThat(live.capacity()).isBetween(100_000, 150_000);
    for (int i = 0; i < 99_990; i++) {
      live.remove(crowd.get(i));
    }
    assertThat(live.size()).isEqualTo(10);
    assertThat(live.capacity()).isLessThanOrEqualTo(64);
    assertThat(live.snapshot()).containsExactlyInAnyOrderElementsOf(crowd.subList(99_990, 100_000));
  }

  @Test
  void threadsAddingAndRemovingTheirOwnMembersLeaveTheOnesTheyKept() throws Exception {
    LiveConnections<M> live = new LiveConnections<>();
    int threads = 4;
    int each = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<M>>> kept = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        kept.add(pool.submit(() -> {
          start.await();
          List<M> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            M m = new M(base + i);
            live.add(m);
            if (i % 3 == 0) {
              mine.add(m);
            } else {
              live.remove(m);
            }
            if (i % 1000 == 0) {
              live.snapshot(); // readers copy while others write
            }
          }
          return mine;
        }));
      }
      start.countDown();
      Set<M> expected = new HashSet<>();
      for (Future<List<M>> f : kept) {
        expected.addAll(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(live.snapshot()).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }
}
