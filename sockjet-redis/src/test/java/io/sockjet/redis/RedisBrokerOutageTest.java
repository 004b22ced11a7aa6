package io.sockjet.redis;

import static io.sockjet.redis.Recorder.await;
import static io.sockjet.redis.Recorder.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import io.sockjet.BrokerUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the contract leaves to each broker around an outage, on Redis. */
@Timeout(60)
class RedisBrokerOutageTest {
  RedisServer redis;
  RedisBroker subscriber;
  RedisBroker publisher;
  Recorder heard;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    subscriber = node();
    publisher = node();
    heard = new Recorder().startUp(subscriber);
    new Recorder().startUp(publisher);
  }

  @AfterEach
  void stop() {
    subscriber.close();
    publisher.close();
    redis.close();
  }

  private RedisBroker node() {
    return RedisBroker.builder(redis.uri())
        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
        .build();
  }

  @Test
  void aSubscribeMadeWhileDownCompletesOnceRedisConfirmedItAfterwards() throws Exception {
    redis.stop();
    await(() -> subscriber.state() == BrokerState.DOWN, Duration.ofSeconds(10), "down");
    CompletableFuture<Void> late = subscriber.subscribe("late");
    Thread.sleep(100);
    assertThat(late).as("nothing to confirm it yet").isNotDone();

    redis.startAgain();
    late.get(20, TimeUnit.SECONDS); // its publishing connection may still be on its way back
    await(() -> publisher.state() == BrokerState.UP, Duration.ofSeconds(10), "publisher up");
    publisher.publish("late", utf8("heard")).get(10, TimeUnit.SECONDS);
    assertThat(heard.next()).isEqualTo("late=heard");
  }

  @Test
  void aPublishInFlightWhenTheConnectionDropsFailsAndIsNeverReplayed() throws Exception {
    subscriber.subscribe("t").get(10, TimeUnit.SECONDS);
    // Redis takes the command and holds it unanswered; then it goes away.
    redis.call("CLIENT", "PAUSE", "10000", "ALL");
    CompletableFuture<Void> inFlight = publisher.publish("t", utf8("in flight"));
    Thread.sleep(100);
    assertThat(inFlight).isNotDone();
    redis.stop();
    assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BrokerUnavailableException.class);

    redis.startAgain();
    await(() -> subscriber.state() == BrokerState.UP && publisher.state() == BrokerState.UP,
        Duration.ofSeconds(20), "both up again");
    publisher.publish("t", utf8("after")).get(10, TimeUnit.SECONDS);
    assertThat(heard.next()).as("not the one in flight: it failed, so it must not arrive")
        .isEqualTo("t=after");
    assertThat(heard.states).isEqualTo(List.of(BrokerState.UP, BrokerState.DOWN,
        BrokerState.UP));
  }
}
