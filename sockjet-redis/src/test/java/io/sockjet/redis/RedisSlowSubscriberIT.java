package io.sockjet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.redis.testing.RedisServer;
import io.sockjet.BrokerState;
import io.sockjet.PublishResult;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.TopicMetrics;
import io.sockjet.testkit.RawPeer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that never reads, under a burst published on another node, does not get its node
 * cut off by Redis: the node hands every message on as it reads it, the slow subscriber is
 * skipped by its topic's policy, and the node's subscribing connection stays below Redis's limit
 * (32 MB at once by default), its broker up throughout. It prints the peak of that connection's
 * output buffer on Redis.
 */
@Timeout(120)
class RedisSlowSubscriberIT {
  static final String TOPIC = "burst";
  static final int MESSAGES = 3000;
  static final int SIZE = 16 * 1024; // 3000 of them: 48 MiB, more than Redis would hold

  @Test
  void aSlowSubscriberIsSkippedAndItsNodeIsNotCutOff() throws Exception {
    try (RedisServer redis = RedisServer.start();
        ClusterNode publisher = new ClusterNode(redis, TOPIC);
        ClusterNode node = new ClusterNode(redis, TOPIC)) {
      // The fast reader is a test thread on a busy machine: room for its hiccups.
      node.server.topics().policy(TOPIC, SlowSubscriberPolicy.skip(8 << 20));
      node.connectSlow();
      node.lastOpened();
      RawPeer fast = node.connect();
      node.lastOpened();
      node.awaitReady();
      publisher.awaitReady();

      AtomicBoolean bursting = new AtomicBoolean(true);
      AtomicLong maxBuffered = new AtomicLong();
      String subscriber = node.broker.redis.clientName() + "-sub";
      Thread sampler = new Thread(() -> sampleOutputBuffer(redis, subscriber, bursting,
          maxBuffered));
      sampler.start();
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readAll(fast));

      Semaphore inFlight = new Semaphore(256);
      for (int i = 0; i < MESSAGES; i++) {
        inFlight.acquire();
        publisher.server.topics().publish(TOPIC, message(i))
            .whenComplete((r, e) -> inFlight.release());
      }
      assertThat(read.get(60, TimeUnit.SECONDS)).as("the fast subscriber got every message, "
          + "in order").isEqualTo(MESSAGES);
      bursting.set(false);
      sampler.join();

      System.out.printf("burst of %d MiB: the subscribing connection's output buffer on Redis "
          + "peaked at %d KiB%n", (long) MESSAGES * SIZE >> 20, maxBuffered.get() >> 10);
      // The hard limit cuts at once; the soft one (8 MB) only after 60 s above it.
      assertThat(maxBuffered.get()).as("below the pubsub limit").isLessThan(32L << 20);
      assertThat(node.broker.states).as("never down").containsExactly(BrokerState.UP);
      assertThat(node.broker.redis.cutOffs()).isZero();
      TopicMetrics m = node.server.topics().metrics(TOPIC).orElseThrow();
      assertThat(m.skipped()).as("the slow subscriber was skipped").isPositive();
      assertThat(m.delivered() + m.skipped()).isEqualTo(2L * MESSAGES);
      assertThat(node.server.topics().publish(TOPIC, "still up").get(10, TimeUnit.SECONDS))
          .isEqualTo(PublishResult.NONE);
    }
  }

  private static String message(int i) {
    String head = i + ":";
    return head + "x".repeat(SIZE - head.length());
  }

  /** Reads every message, checking their order; the count read. */
  private static int readAll(RawPeer peer) {
    try {
      for (int i = 0; i < MESSAGES; i++) {
        String text = peer.readMessage().text();
        int n = Integer.parseInt(text.substring(0, text.indexOf(':')));
        if (n != i) {
          return i;
        }
      }
      return MESSAGES;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The largest output buffer (omem) Redis reports for {@code client} while bursting. */
  private static void sampleOutputBuffer(RedisServer redis, String client, AtomicBoolean bursting,
      AtomicLong max) {
    Pattern omem = Pattern.compile(" omem=(\\d+)");
    try {
      while (bursting.get()) {
        for (String line : redis.clients(client)) {
          Matcher m = omem.matcher(line);
          if (m.find()) {
            max.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
          }
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
