package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The server-wide budget, and the assembler that reserves from it before it allocates. */
class MemoryBudgetTest {
  @Test
  void reservationsFitUnderTheCapAndReleasesGiveRoomBack() {
    MemoryBudget b = new MemoryBudget(100);
    assertThat(b.tryReserve(60)).isTrue();
    assertThat(b.tryReserve(41)).isFalse();
    assertThat(b.used()).isEqualTo(60);
    assertThat(b.tryReserve(40)).isTrue();
    assertThat(b.available()).isZero();
    b.release(50);
    assertThat(b.available()).isEqualTo(50);
    b.accept(70); // counted after the fact, never refused
    assertThat(b.used()).isEqualTo(120);
    assertThat(b.available()).isZero();
    b.accept(-120);
    assertThat(b.used()).isZero();
  }

  @Test
  void theDefaultIsAQuarterOfTheSmallerJvmLimit() {
    assertThat(MemoryBudget.defaultLimit(1L << 30, 0)).isEqualTo(1L << 28);
    assertThat(MemoryBudget.defaultLimit(1L << 30, 64L << 20)).isEqualTo(16L << 20);
    assertThat(MemoryBudget.defaultLimit(Long.MAX_VALUE, 0)).isEqualTo(1L << 30);
  }

  @Test
  void anAssemblerReservesWhatItsOwnArraysHoldAndGivesItBack() throws Exception {
    MemoryBudget b = new MemoryBudget(1 << 20);
    MessageAssembler a = new MessageAssembler(b);
    a.start(false, 100_000); // larger than the thread's buffer: an array of its own
    a.append(ByteBuffer.allocate(70_000));
    assertThat(b.used()).isEqualTo(a.reserved()).isGreaterThanOrEqualTo(70_000);
    ByteBuffer data = a.binary();
    assertThat(data.remaining()).isEqualTo(70_000);
    assertThat(b.used()).as("the caller owns the bytes now").isZero();
    a.start(true, 50_000);
    a.append(ByteBuffer.wrap(new byte[40_000]));
    assertThat(b.used()).isPositive();
    a.reset();
    assertThat(b.used()).isZero();
  }

  @Test
  void anAssemblerThatFindsNoRoomFailsWith1009AndHoldsNothing() throws Exception {
    MemoryBudget b = new MemoryBudget(200_000);
    assertThat(b.tryReserve(100_000)).isTrue(); // other connections hold half of it
    MessageAssembler a = new MessageAssembler(b);
    a.start(false, 1_000_000);
    a.append(ByteBuffer.allocate(30_000));
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        a.append(ByteBuffer.allocate(30_000));
      }
    }).isInstanceOfSatisfying(ProtocolViolation.class, v -> {
      assertThat(v.violation()).isEqualTo(Violation.MEMORY_BUDGET_EXCEEDED);
      assertThat(v.closeCode()).isEqualTo(1009);
    });
    assertThat(b.used()).isLessThanOrEqualTo(200_000);
    a.reset();
    assertThat(b.used()).isEqualTo(100_000);
  }
}
