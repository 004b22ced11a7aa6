package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A channel's watermarks: one immutable pair, shared by the channels set alike. */
class WriteWatermarksTest {
  @Test
  void channelsSetAlikeShareOnePair() {
    WriteWatermarks a = WriteWatermarks.of(1000, 2000);
    WriteWatermarks b = WriteWatermarks.of(1000, 2000);
    assertThat(b).isSameAs(a);
    assertThat(b.low()).isEqualTo(1000);
    assertThat(b.high()).isEqualTo(2000);
  }

  @Test
  void aDifferentPairIsItsOwn() {
    WriteWatermarks a = WriteWatermarks.of(1000, 2000);
    WriteWatermarks b = WriteWatermarks.of(1000, 3000);
    WriteWatermarks c = WriteWatermarks.of(500, 2000);
    assertThat(b).isNotSameAs(a);
    assertThat(b.high()).isEqualTo(3000);
    assertThat(c.low()).isEqualTo(500);
    assertThat(c.high()).isEqualTo(2000);
    assertThat(WriteWatermarks.of(1000, 2000)).isEqualTo(a); // equal, if no longer the same
  }
}
