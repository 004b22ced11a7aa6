package io.sockjet.redis;

import io.sockjet.Broker;
import io.sockjet.BrokerListener;
import io.sockjet.BrokerState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker that passes everything to a {@link RedisBroker} and keeps the states it reported to
 * the server, in order: what a test of a whole server needs to see that a node never went down.
 */
final class Watched implements Broker {
  final RedisBroker redis;
  final List<BrokerState> states = new CopyOnWriteArrayList<>();

  Watched(RedisBroker redis) {
    this.redis = redis;
  }

  @Override
  public void start(BrokerListener listener) {
    redis.start(new BrokerListener() {
      @Override
      public void onMessage(String channel, ByteBuffer message) {
        listener.onMessage(channel, message);
      }

      @Override
      public void onStateChange(BrokerState state) {
        states.add(state);
        listener.onStateChange(state);
      }
    });
  }

  @Override
  public CompletableFuture<Void> publish(String channel, ByteBuffer message) {
    return redis.publish(channel, message);
  }

  @Override
  public CompletableFuture<Void> subscribe(String channel) {
    return redis.subscribe(channel);
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String channel) {
    return redis.unsubscribe(channel);
  }

  @Override
  public BrokerState state() {
    return redis.state();
  }

  @Override
  public Set<Capability> capabilities() {
    return redis.capabilities();
  }

  @Override
  public void close() {
    redis.close();
  }
}
