package io.sockjet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A shard's array at the scale of a topic with 100,000 subscribers on one loop (more connections
 * than one process may open here: the descriptor limit is 20,000): every add and remove in a
 * random order keeps each subscription's index true, and an emptied shard lets go of its array.
 */
class TopicShardTest {

  @Test
  void aHundredThousandSubscribersJoinAndLeaveInAnyOrder() {
    Topic topic = new Topic("big", null, List.of());
    TopicShard shard = new TopicShard(topic, null);
    List<Subscription> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Subscription s = new Subscription(null, shard);
      all.add(s);
      shard.add(s);
    }
    assertThat(shard.size()).isEqualTo(100_000);
    assertIndexesTrue(shard);

    Random random = new Random(42);
    Collections.shuffle(all, random);
    List<Subscription> kept = new ArrayList<>(all.subList(0, 1_000));
    for (Subscription s : all.subList(1_000, all.size())) {
      shard.remove(s);
      assertThat(s.index).isEqualTo(-1);
    }
    shard.remove(all.get(99_999)); // a second remove is a no-op
    assertThat(shard.size()).isEqualTo(1_000);
    assertIndexesTrue(shard);
    Set<Subscription> left = new HashSet<>();
    for (int i = 0; i < shard.size(); i++) {
      left.add(shard.get(i));
    }
    assertThat(left).containsExactlyInAnyOrderElementsOf(kept);

    for (Subscription s : kept) {
      shard.remove(s);
    }
    assertThat(shard.size()).isZero();
  }

  private static void assertIndexesTrue(TopicShard shard) {
    for (int i = 0; i < shard.size(); i++) {
      assertThat(shard.get(i).index).isEqualTo(i);
    }
  }
}
