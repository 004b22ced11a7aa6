package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadGateTest {
  private final List<String> calls = new ArrayList<>();
  private final ReadGate gate = new ReadGate(new ReadGate.Valve() {
    @Override
    public void pause() {
      calls.add("pause");
    }

    @Override
    public void resume() {
      calls.add("resume");
    }
  }, 100, 10);

  @Test
  void pausesAboveHighAndResumesOnceAtOrBelowLow() {
    gate.added(100);
    assertThat(calls).isEmpty();
    gate.added(1);
    assertThat(calls).containsExactly("pause");
    gate.removed(50);
    assertThat(calls).containsExactly("pause");
    gate.removed(41);
    assertThat(gate.pending()).isEqualTo(10);
    assertThat(calls).containsExactly("pause", "resume");
    gate.removed(10);
    assertThat(calls).as("resumed once only").containsExactly("pause", "resume");
  }

  @Test
  void everyAdditionAboveHighPausesAgain() {
    // The valve may carry out a resume after a later pause: re-pausing bounds the overshoot.
    gate.added(200);
    gate.added(1);
    assertThat(calls).containsExactly("pause", "pause");
    gate.removed(201);
    assertThat(calls).containsExactly("pause", "pause", "resume");
  }

  @Test
  void aBacklogEmptiedBeforeThePauseIsSeenIsResumedByTheProducer() {
    // The consumer drains between the producer's addition and its pause: it saw nothing to
    // resume, so the producer must.
    ReadGate[] self = new ReadGate[1];
    List<String> log = new ArrayList<>();
    self[0] = new ReadGate(new ReadGate.Valve() {
      @Override
      public void pause() {
        log.add("pause");
        self[0].removed(150); // the consumer runs "during" the pause call
      }

      @Override
      public void resume() {
        log.add("resume");
      }
    }, 100, 0);
    self[0].added(150);
    assertThat(log).containsExactly("pause", "resume");
    assertThat(self[0].pending()).isZero();
  }
}
