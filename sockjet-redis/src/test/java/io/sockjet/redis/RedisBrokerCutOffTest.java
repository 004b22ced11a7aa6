package io.sockjet.redis;

import static io.sockjet.redis.Recorder.await;
import static io.sockjet.redis.Recorder.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis's output-buffer cut-off, for real: a node whose reader is stuck falls behind a flood
 * until Redis closes its subscribing connection. The node tells that from an outage (Redis still
 * answers), counts and logs it, and goes down and up again, so that its subscribers hear of the
 * gap.
 */
@Timeout(90)
class RedisBrokerCutOffTest {

  /** A listener stuck in its first message until released: a node that does not read. */
  static final class Stuck extends Recorder {
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean blocked;

    @Override
    public void onMessage(String channel, ByteBuffer message) {
      if (!blocked) {
        blocked = true;
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.onMessage(channel, message);
    }
  }

  @Test
  void aNodeCutOffByRedisSaysSoAndComesBack() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      // 1 MB at once instead of 32: the flood that passes it is small enough for a test.
      redis.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 60");
      RedisBroker slow = RedisBroker.builder(redis.uri())
          .probe(Duration.ofMinutes(1), Duration.ofMinutes(1)) // not the probe's case
          .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
          .build();
      RedisBroker flooder = RedisBroker.connect(redis.uri());
      try (slow; flooder) {
        Stuck heard = new Stuck().startUp(slow);
        new Recorder().startUp(flooder);
        slow.subscribe("flood").get(10, TimeUnit.SECONDS);

        String subscriber = slow.clientName() + "-sub";
        byte[] chunk = new byte[64 * 1024];
        int sent = 0;
        // Past the kernel's socket buffers and the 1 MB limit; at most 64 MiB.
        while (!redis.clients(subscriber).isEmpty()) {
          assertThat(sent).as("Redis cut the reader off before 64 MiB").isLessThan(1024);
          List<CompletableFuture<Void>> batch = new ArrayList<>();
          for (int i = 0; i < 16; i++, sent++) {
            batch.add(flooder.publish("flood", ByteBuffer.wrap(chunk)));
          }
          CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
              .get(10, TimeUnit.SECONDS);
        }
        assertThat(slow.state()).as("Lettuce has not read the close yet").isEqualTo(BrokerState.UP);
        heard.release.countDown();

        await(() -> slow.cutOffs() == 1, Duration.ofSeconds(20), "the cut-off counted");
        await(() -> heard.states.equals(List.of(BrokerState.UP, BrokerState.DOWN,
            BrokerState.UP)), Duration.ofSeconds(20), "down, then up again");
        assertThat(slow.probeFailures()).isZero();
        heard.messages.clear();
        flooder.publish("flood", utf8("after")).get(10, TimeUnit.SECONDS);
        assertThat(heard.next()).isEqualTo("flood=after");
      }
    }
  }
}
