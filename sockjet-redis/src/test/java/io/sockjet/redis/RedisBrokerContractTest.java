package io.sockjet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.Broker;
import io.sockjet.BrokerContract;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract against a real Redis, stopped and restarted for the outages. */
class RedisBrokerContractTest extends BrokerContract {
  static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  /** Plain pub/sub; the sharded suite says otherwise. */
  boolean sharded() {
    return false;
  }

  @Override
  protected Broker newNode() {
    return RedisBroker.builder(redis.uri())
        .sharded(sharded())
        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500))
        .build();
  }

  @Override
  protected void stopBroker() throws Exception {
    redis.stop();
  }

  @Override
  protected void startBroker() throws Exception {
    redis.startAgain();
  }

  @Override
  protected void assertNothingLeftBy(Broker closed, Set<String> channels) throws Exception {
    RedisBroker broker = (RedisBroker) closed;
    broker.terminated().get(10, TimeUnit.SECONDS);
    assertThat(redis.clients(broker.clientName())).as("its connections").isEmpty();
    for (String channel : channels) {
      assertThat(redis.subscribers(channel, sharded())).as("subscribers of " + channel).isZero();
    }
  }
}
