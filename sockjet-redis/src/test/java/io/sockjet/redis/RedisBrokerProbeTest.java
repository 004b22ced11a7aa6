package io.sockjet.redis;

import static io.sockjet.redis.Recorder.await;
import static io.sockjet.redis.Recorder.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The liveness probe catches a subscribing connection that is up but receives nothing: behind a
 * proxy that silently stops passing Redis's bytes, Lettuce sees a healthy connection, and only
 * the node's own probe not coming back reveals it.
 */
@Timeout(60)
class RedisBrokerProbeTest {

  @Test
  void aSilentSubscriberIsTakenForDeadAndReconnected() throws Exception {
    try (RedisServer redis = RedisServer.start();
        FreezingProxy proxy = new FreezingProxy(redis.port())) {
      RedisBroker node = RedisBroker.builder("redis://127.0.0.1:" + proxy.port())
          .probe(Duration.ofMillis(200), Duration.ofSeconds(1))
          .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
          .build();
      RedisBroker publisher = RedisBroker.connect(redis.uri());
      try (node; publisher) {
        Recorder heard = new Recorder().startUp(node);
        new Recorder().startUp(publisher);
        node.subscribe("t").get(10, TimeUnit.SECONDS);
        publisher.publish("t", utf8("before")).get(10, TimeUnit.SECONDS);
        assertThat(heard.next()).isEqualTo("t=before");

        proxy.freezeSubscribers();
        publisher.publish("t", utf8("lost")).get(10, TimeUnit.SECONDS);
        assertThat(node.state()).as("nothing tells Lettuce").isEqualTo(BrokerState.UP);
        await(() -> heard.states.equals(List.of(BrokerState.UP, BrokerState.DOWN,
            BrokerState.UP)), Duration.ofSeconds(10), "down, then up again");
        assertThat(node.probeFailures()).isEqualTo(1);
        assertThat(node.cutOffs()).as("the node dropped it: no cut-off").isZero();

        publisher.publish("t", utf8("after")).get(10, TimeUnit.SECONDS);
        assertThat(heard.next()).as("the message sent while silent is lost").isEqualTo("t=after");
      }
    }
  }
}
