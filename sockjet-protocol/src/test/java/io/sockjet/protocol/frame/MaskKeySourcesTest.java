package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MaskKeySourcesTest {

  @Test
  void fixedSourceRepeatsItsKey() {
    MaskKeySource source = MaskKeySources.fixed(0x37fa213d);
    assertThat(IntStream.range(0, 5).map(i -> source.nextKey())).containsOnly(0x37fa213d);
  }

  @Test
  void rfc6455Section5_3SecureKeysDoNotRepeatAcrossBlockRefills() {
    // 1000 keys span 16 refills of the 64-key block. Among 1000 uniform 32-bit keys the chance
    // of even one collision is about 1e-4, and of 11 or more it is negligible, so this fails only
    // if keys repeat, stick at a value, or a block is handed out twice.
    MaskKeySource source = MaskKeySources.secure();
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(source.nextKey());
    }
    assertThat(keys).hasSizeGreaterThan(990);
  }

  @Test
  void secureSourcesAreIndependent() {
    MaskKeySource a = MaskKeySources.secure();
    MaskKeySource b = MaskKeySources.secure();
    int[] fromA = IntStream.range(0, 8).map(i -> a.nextKey()).toArray();
    int[] fromB = IntStream.range(0, 8).map(i -> b.nextKey()).toArray();
    assertThat(fromA).isNotEqualTo(fromB);
  }

  @Test
  void seededSourceIsReproducible() {
    SeededMaskKeySource a = new SeededMaskKeySource(42);
    SeededMaskKeySource b = new SeededMaskKeySource(42);
    int[] fromA = IntStream.range(0, 100).map(i -> a.nextKey()).toArray();
    int[] fromB = IntStream.range(0, 100).map(i -> b.nextKey()).toArray();
    assertThat(fromA).isEqualTo(fromB);
    assertThat(IntStream.of(fromA).distinct().count()).isGreaterThan(90);
  }
}
