package io.sockjet.redis;

import io.sockjet.BrokerListener;
import io.sockjet.BrokerState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What a broker told its listener: messages as {@code channel=text}, and the states in order. */
class Recorder implements BrokerListener {
  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final List<BrokerState> states = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(String channel, ByteBuffer message) {
    messages.add(channel + "=" + StandardCharsets.UTF_8.decode(message));
  }

  @Override
  public void onStateChange(BrokerState state) {
    states.add(state);
  }

  /** Starts {@code broker} with this recorder as its listener and waits until it is up. */
  <T extends Recorder> T startUp(RedisBroker broker) throws InterruptedException {
    broker.start(this);
    await(() -> broker.state() == BrokerState.UP, Duration.ofSeconds(20), "broker up");
    @SuppressWarnings("unchecked")
    T self = (T) this;
    return self;
  }

  /** The next message within 10 s, or null. */
  String next() throws InterruptedException {
    return messages.poll(10, TimeUnit.SECONDS);
  }

  /** Waits until {@code condition} holds, failing after {@code patience}. */
  static void await(BooleanSupplier condition, Duration patience, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + patience + " waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** A UTF-8 message. */
  static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
