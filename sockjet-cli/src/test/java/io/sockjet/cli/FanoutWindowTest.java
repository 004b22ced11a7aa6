package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FanoutWindow}: a slot comes free when every subscriber is done with its publish. */
class FanoutWindowTest {

  @Test
  void aSlotIsFreeOnceEverySubscriberGotItsPublish() throws InterruptedException {
    FanoutWindow w = new FanoutWindow(2, 3);
    assertThat(w.take(0)).isTrue();
    w.sending(0);
    assertThat(w.take(0)).isTrue();
    w.sending(1);
    assertThat(w.take(0)).as("two outstanding: full").isFalse();
    w.done(0);
    w.done(0);
    assertThat(w.take(0)).as("one subscriber still to get publish 0").isFalse();
    w.done(0);
    assertThat(w.take(0)).isTrue();
    w.sending(2); // publish 0's slot, reused
    for (int i = 0; i < 3; i++) {
      w.done(1);
    }
    for (int i = 0; i < 3; i++) {
      w.done(2);
    }
    assertThat(w.take(0)).isTrue();
    assertThat(w.take(0)).isTrue();
    assertThat(w.take(0)).isFalse();
  }
}
