/**
 * A {@link io.sockjet.Broker} on Redis pub/sub, through Lettuce: Sockjet's topics across many
 * servers. See {@link io.sockjet.redis.RedisBroker}.
 */
module io.sockjet.redis {
  requires transitive io.sockjet;
  requires lettuce.core;
  requires io.netty.common; // the future of Lettuce's resources shutting down
  exports io.sockjet.redis;
}
