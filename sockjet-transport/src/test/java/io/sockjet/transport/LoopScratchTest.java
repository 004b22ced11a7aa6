package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The loop's write scratch: lent for one use at a time, cleared when given back. */
class LoopScratchTest {
  private final LoopScratch scratch = new LoopScratch(4);

  @Test
  void anArrayTakenTwiceFailsInsteadOfOverwritingTheWriteInProgress() {
    ByteBuffer a = ByteBuffer.allocate(1);
    ByteBuffer b = ByteBuffer.allocate(2);
    ByteBuffer[] pair = scratch.pair(a, b);
    assertThat(pair).containsExactly(a, b);
    assertThatThrownBy(() -> scratch.pair(b, a)).isInstanceOf(IllegalStateException.class);
    assertThat(pair).as("the write in progress keeps its sources").containsExactly(a, b);
    scratch.giveBackPair();
    assertThat(pair).containsOnlyNulls();
    assertThat(scratch.pair(b, a)).containsExactly(b, a);
  }

  @Test
  void theArraysAreIndependent() {
    ByteBuffer a = ByteBuffer.allocate(1);
    ByteBuffer[] one = scratch.one(a);
    ByteBuffer[] pair = scratch.pair(a, a);
    ByteBuffer[] gather = scratch.gather();
    assertThat(gather).hasSize(4);
    assertThatThrownBy(scratch::gather).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> scratch.one(a)).isInstanceOf(IllegalStateException.class);
    scratch.giveBackOne();
    scratch.giveBackPair();
    scratch.giveBackGather();
    assertThat(one).containsOnlyNulls();
    assertThat(pair).containsOnlyNulls();
    assertThat(scratch.one(a)).containsExactly(a);
  }
}
