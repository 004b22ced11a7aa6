package io.sockjet.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.PubSubOutput;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.nio.ByteBuffer;

/**
 * The commands of plain pub/sub ({@code SUBSCRIBE}, {@code PUBLISH}) or of Redis 7's sharded
 * pub/sub ({@code SSUBSCRIBE}, {@code SPUBLISH}), which a Redis Cluster spreads over its shards
 * by channel instead of broadcasting every message to every shard.
 */
enum Mode {
  PLAIN {
    @Override
    RedisFuture<?> subscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c, String channel) {
      return c.subscribe(channel);
    }

    @Override
    RedisFuture<?> unsubscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c, String channel) {
      return c.unsubscribe(channel);
    }

    @Override
    RedisFuture<?> unsubscribeAll(RedisPubSubAsyncCommands<String, ByteBuffer> c) {
      return c.unsubscribe();
    }

    @Override
    RedisFuture<Long> publish(RedisAsyncCommands<String, ByteBuffer> c, String channel,
        ByteBuffer message) {
      return c.publish(channel, message);
    }
  },

  SHARDED {
    @Override
    RedisFuture<?> subscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c, String channel) {
      return c.ssubscribe(channel);
    }

    @Override
    RedisFuture<?> unsubscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c, String channel) {
      return c.sunsubscribe(channel);
    }

    @Override
    RedisFuture<?> unsubscribeAll(RedisPubSubAsyncCommands<String, ByteBuffer> c) {
      // Lettuce's sunsubscribe() insists on a channel; SUNSUBSCRIBE alone drops them all.
      return c.dispatch(CommandType.SUNSUBSCRIBE, new PubSubOutput<>(BytesCodec.INSTANCE));
    }

    @Override
    RedisFuture<Long> publish(RedisAsyncCommands<String, ByteBuffer> c, String channel,
        ByteBuffer message) {
      return c.spublish(channel, message);
    }
  };

  abstract RedisFuture<?> subscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c, String channel);

  abstract RedisFuture<?> unsubscribe(RedisPubSubAsyncCommands<String, ByteBuffer> c,
      String channel);

  /** Drops every channel of this mode that the connection subscribes to. */
  abstract RedisFuture<?> unsubscribeAll(RedisPubSubAsyncCommands<String, ByteBuffer> c);

  /** Publishes; the future has the number of clients that received the message. */
  abstract RedisFuture<Long> publish(RedisAsyncCommands<String, ByteBuffer> c, String channel,
      ByteBuffer message);
}
