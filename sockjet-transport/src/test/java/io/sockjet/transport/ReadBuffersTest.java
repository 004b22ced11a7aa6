package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadBuffersTest {
  private final ReadBuffers buffers = new ReadBuffers(64, 2);

  @Test
  void lendingTheCurrentBufferGivesTheLoopAnother() {
    ByteBuffer first = buffers.current();
    assertThat(buffers.lend(first)).isSameAs(first);
    assertThat(buffers.current()).isNotSameAs(first);
    assertThat(buffers.current().isDirect()).isTrue();
    assertThat(buffers.lent()).isEqualTo(1);
  }

  @Test
  void aBufferGivenBackIsReadIntoAgainAndTheOtherKept() {
    ByteBuffer first = buffers.current();
    buffers.lend(first);
    ByteBuffer second = buffers.current();
    first.position(10).limit(20);
    buffers.giveBack(first);
    assertThat(buffers.current()).isSameAs(first);
    assertThat(first.position()).isZero();
    assertThat(first.limit()).isEqualTo(64);
    // The next lending reuses the spare rather than allocating.
    buffers.lend(first);
    assertThat(buffers.current()).isSameAs(second);
    assertThat(buffers.lent()).isEqualTo(1);
  }

  @Test
  void atMostMaxLentAreOut() {
    buffers.lend(buffers.current());
    buffers.lend(buffers.current());
    assertThat(buffers.canLend()).isFalse();
    assertThatThrownBy(() -> buffers.lend(buffers.current()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBufferDisplacedByAGiveBackMeanwhileCanStillBeLent() {
    // A handler reading `read` closes another channel, whose buffer comes back as the current one.
    ByteBuffer other = buffers.current();
    buffers.lend(other);
    ByteBuffer read = buffers.current();
    buffers.giveBack(other);
    assertThat(buffers.current()).isSameAs(other);
    assertThat(buffers.lend(read)).isSameAs(read);
    assertThat(buffers.current()).isSameAs(other);
    assertThatThrownBy(() -> buffers.lend(ByteBuffer.allocateDirect(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
