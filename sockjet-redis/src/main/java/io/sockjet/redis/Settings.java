package io.sockjet.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * What a {@link RedisBroker.Builder} was given.
 *
 * @param uri where Redis is
 * @param sharded whether channels use sharded pub/sub
 * @param probeInterval how often the liveness probe goes out
 * @param probeTimeout how long a probe may take to come back
 * @param reconnectMin the first wait before reconnecting
 * @param reconnectMax the longest wait before reconnecting
 * @param commandTimeout how long a command may wait for its answer
 * @param clientName what the node's connections are called on Redis, before "-pub" and "-sub"
 */
record Settings(RedisURI uri, boolean sharded, Duration probeInterval, Duration probeTimeout,
    Duration reconnectMin, Duration reconnectMax, Duration commandTimeout, String clientName) {}
