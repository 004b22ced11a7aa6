package io.sockjet.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Delegating;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node's two Lettuce connections to Redis, one that publishes and one that subscribes (a
 * subscribed connection is a different kind of client to Redis, with its own output limit), and
 * the client resources behind them, which it creates and frees. It connects, retries a first
 * connection that fails, and reports each connection's ups and downs; Lettuce reconnects a lost
 * one by itself, with the {@link Backoff}.
 *
 * <p>The options are those the broker contract needs: commands are refused at once while a
 * connection is down (Lettuce would otherwise keep them and send them after reconnecting, when
 * their publish "succeeds" and reaches no one who was told), every command has a timeout, and the
 * protocol is RESP3, in which a subscribed connection still answers PING in order.
 */
final class Connections {

  /** What happens to the connections. Called on Lettuce's threads. */
  interface Events {
    void publisherUp();

    void publisherDown();

    /** The subscribing connection is (back) up: it has none of the node's channels yet. */
    void subscriberUp(StatefulRedisPubSubConnection<String, ByteBuffer> connection);

    void subscriberDown();
  }

  private final Settings settings;
  private final Backoff backoff;
  private final Events events;
  private final RedisPubSubListener<String, ByteBuffer> inbound;
  private final ClientResources resources;
  private final RedisClient client;
  private volatile StatefulRedisConnection<String, ByteBuffer> publisher;
  private volatile StatefulRedisPubSubConnection<String, ByteBuffer> subscriber;
  private volatile boolean closed;

  Connections(Settings settings, Events events, RedisPubSubListener<String, ByteBuffer> inbound) {
    this.settings = settings;
    this.events = events;
    this.inbound = inbound;
    this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
    // Two I/O threads: one per connection, so the subscriber's reading never waits on publishes.
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(backoff)
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .protocolVersion(ProtocolVersion.RESP3)
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .socketOptions(SocketOptions.builder()
            .connectTimeout(settings.commandTimeout()).keepAlive(true).build())
        .maintNotificationsConfig(MaintNotificationsConfig.disabled())
        .build());
  }

  /** Lettuce's timer threads, for the broker's own timers (freed with the resources). */
  ScheduledExecutorService timer() {
    return resources.eventExecutorGroup();
  }

  /** Starts connecting both, in the background. */
  void open() {
    connect(1, uri("pub"), client::connectAsync, this::publisherOpened);
    connect(1, uri("sub"), client::connectPubSubAsync, this::subscriberOpened);
  }

  private RedisURI uri(String role) {
    RedisURI uri = RedisURI.builder(settings.uri()).build();
    uri.setClientName(settings.clientName() + "-" + role);
    return uri;
  }

  private interface Connector<C> {
    CompletionStage<C> connect(RedisCodec<String, ByteBuffer> codec, RedisURI uri);
  }

  /**
   * A first connection, retried with the backoff until it succeeds or the broker closes (Lettuce
   * reconnects only a connection that was once up).
   */
  private <C> void connect(int attempt, RedisURI uri, Connector<C> connector, Consumer<C> opened) {
    if (closed) {
      return;
    }
    connector.connect(BytesCodec.INSTANCE, uri).whenComplete((c, e) -> {
      if (e == null) {
        opened.accept(c);
        return;
      }
      long delay = backoff.createDelay(attempt).toNanos();
      try {
        timer().schedule(() -> connect(attempt + 1, uri, connector, opened), delay,
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException stopping) {
        // Closed meanwhile.
      }
    });
  }

  private void publisherOpened(StatefulRedisConnection<String, ByteBuffer> c) {
    c.addListener(watch(h -> events.publisherUp(), events::publisherDown));
    publisher = c;
    if (closed) {
      c.closeAsync();
    } else if (c.isOpen()) {
      events.publisherUp();
    }
  }

  private void subscriberOpened(StatefulRedisPubSubConnection<String, ByteBuffer> c) {
    c.addListener(inbound);
    c.addListener(watch(h -> events.subscriberUp(c), events::subscriberDown));
    subscriber = c;
    if (closed) {
      c.closeAsync();
    } else if (c.isOpen()) {
      events.subscriberUp(c);
    }
  }

  /**
   * Lettuce's word on a connection: connected is called after Lettuce activated it (and wrote its
   * own resubscription), so commands written then go out on the new connection.
   */
  private static RedisConnectionStateListener watch(Consumer<RedisChannelHandler<?, ?>> up,
      Runnable down) {
    return new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        up.accept(connection);
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        down.run();
      }
    };
  }

  /** The publishing connection, or null before it first connected. */
  StatefulRedisConnection<String, ByteBuffer> publisher() {
    return publisher;
  }

  /** The subscribing connection, or null before it first connected. */
  StatefulRedisPubSubConnection<String, ByteBuffer> subscriber() {
    return subscriber;
  }

  /** Drops the subscribing connection's socket: Lettuce reconnects it as after any loss. */
  void dropSubscriber() {
    drop((RedisChannelHandler<?, ?>) subscriber);
  }

  /** Drops the publishing connection's socket, to be reconnected. */
  void dropPublisher() {
    drop((RedisChannelHandler<?, ?>) publisher);
  }

  /**
   * Closes the socket under a connection that looks alive to Lettuce but is not. Lettuce has no
   * public call for that (closing the connection ends it for good), so this reaches its endpoint,
   * whose disconnect is public, as its reconnection watchdog expects a lost socket to look.
   */
  private static void drop(RedisChannelHandler<?, ?> c) {
    if (c == null) {
      return;
    }
    RedisChannelWriter writer = c.getChannelWriter();
    while (writer instanceof Delegating<?> d) {
      writer = (RedisChannelWriter) d.getDelegate();
    }
    if (writer instanceof DefaultEndpoint endpoint) {
      endpoint.disconnect();
    }
  }

  /** Closes both connections, then frees the client and its threads; completes when done. */
  CompletableFuture<Void> close() {
    closed = true;
    return client.shutdownAsync(0, 2, TimeUnit.SECONDS)
        .handle((v, e) -> null)
        .thenCompose(v -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          resources.shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
          return done;
        });
  }
}
