package io.sockjet.redis;

/** The broker contract against a real Redis, in sharded pub/sub (SSUBSCRIBE, SPUBLISH). */
class RedisShardedBrokerContractTest extends RedisBrokerContractTest {
  @Override
  boolean sharded() {
    return true;
  }
}
