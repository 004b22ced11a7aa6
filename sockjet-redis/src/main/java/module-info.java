/**
 * A {@link io.sockjet.Broker} on Redis pub/sub, through Lettuce: Sockjet's topics across many
 * servers. See {@link io.sockjet.redis.RedisBroker}.
 */
@SuppressWarnings("requires-automatic") // lettuce.core: the only name Lettuce's jar has
module io.sockjet.redis {
  requires transitive io.sockjet;
  // Lettuce's jar names no module but an Automatic-Module-Name, so it declares no requires:
  // Netty's modules, named ones, would not be resolved on the module path unless read from
  // here. (Reactor, SLF4J and the rest of Lettuce's jars are automatic modules, resolved with
  // it.)
  requires lettuce.core;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.resolver.dns;
  exports io.sockjet.redis;
}
