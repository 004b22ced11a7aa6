package io.sockjet.redis;

import static io.sockjet.redis.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing frees everything a broker made: its connections on Redis and every thread it started. */
@Timeout(60)
class RedisBrokerCloseTest {

  @Test
  void closeEndsTheConnectionsAndTheThreads() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      RedisBroker broker = RedisBroker.connect(redis.uri());
      Recorder heard = new Recorder().startUp(broker);
      broker.subscribe("x").get(10, TimeUnit.SECONDS);
      Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t)).collect(Collectors.toSet());
      assertThat(started).as("Lettuce's threads").isNotEmpty();
      assertThat(redis.clients(broker.clientName())).hasSize(2);

      broker.close();
      assertThat(heard.states).endsWith(BrokerState.CLOSED);
      broker.terminated().get(10, TimeUnit.SECONDS);
      assertThat(redis.clients(broker.clientName())).isEmpty();
      assertThat(redis.subscribers("x", false)).isZero();
      await(() -> started.stream().noneMatch(Thread::isAlive), Duration.ofSeconds(10),
          "the broker's threads to end: " + started);
    }
  }
}
