package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

/** The broker contract, in one JVM. */
class InProcessBrokerContractTest extends BrokerContract {
  private final InProcessBroker.Bus bus = new InProcessBroker.Bus();

  @Override
  protected Broker newNode() {
    return bus.node();
  }

  @Override
  protected void stopBroker() {
    bus.outage();
  }

  @Override
  protected void startBroker() {
    bus.restore();
  }

  @Override
  protected void assertNothingLeftBy(Broker closed, Set<String> channels) {
    assertThat(bus.channels()).doesNotContainAnyElementsOf(channels);
  }
}
