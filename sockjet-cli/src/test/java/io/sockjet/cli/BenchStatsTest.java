package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchStatsTest {

  @Test
  void aSendAdmittedAsWarmUpIsNeverCountedEvenIfStampedAfterTheStart() {
    BenchStats stats = new BenchStats(2);
    // The loop admits a send at t=100 before it sees measuring start; the controller had taken
    // t=50 as the start. The echo of that send must not count: it took no permit.
    assertThat(stats.admit(100)).isEqualTo(BenchStats.WARM_UP);
    stats.startMeasuring(50);
    stats.echoed(100, 150, true, false);
    assertThat(stats.measured()).isZero();

    assertThat(stats.admit(200)).isEqualTo(BenchStats.MEASURED);
    assertThat(stats.admit(201)).isEqualTo(BenchStats.MEASURED);
    assertThat(stats.admit(202)).as("the count is used up").isEqualTo(BenchStats.REFUSED);
    stats.echoed(200, 250, true, true);
    stats.echoed(201, 260, true, true);
    assertThat(stats.measured()).isEqualTo(2);
    assertThat(stats.complete().getCount()).isZero();
    assertThat(stats.echoes()).isEqualTo(3);
  }

  @Test
  void echoesAfterTheEndAndRefusedSendsAreNotCounted() {
    BenchStats stats = new BenchStats(0); // a timed run
    stats.startMeasuring(0);
    assertThat(stats.admit(10)).isEqualTo(BenchStats.MEASURED);
    stats.stop(20);
    assertThat(stats.admit(30)).isEqualTo(BenchStats.REFUSED);
    stats.echoed(10, 25, true, true); // back after the end
    assertThat(stats.measured()).isZero();
  }
}
