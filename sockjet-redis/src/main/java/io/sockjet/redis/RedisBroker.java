package io.sockjet.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.sockjet.Broker;
import io.sockjet.BrokerListener;
import io.sockjet.BrokerState;
import io.sockjet.BrokerUnavailableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A {@link Broker} on Redis pub/sub, through Lettuce: a server's topics span every Sockjet server
 * on the same Redis.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder().port(8080)
 *     .cluster(Cluster.over(RedisBroker.connect("redis://127.0.0.1:6379")))
 *     .start();
 *
 * // or, with options:
 * Broker broker = RedisBroker.builder("redis://redis.internal:6379")
 *     .sharded(true)                              // SSUBSCRIBE/SPUBLISH (Redis 7)
 *     .probe(Duration.ofSeconds(5), Duration.ofSeconds(10))
 *     .clientName("chat-eu-1")
 *     .build();
 * }</pre>
 *
 * <p>A node holds two connections: one publishes, one subscribes to the channels of the topics
 * that have local subscribers. Redis 6 or later (RESP3); sharded pub/sub needs Redis 7.
 *
 * <ul>
 *   <li><b>Never blocks.</b> Every command is asynchronous; {@link #publish} completes when Redis
 *       answered the {@code PUBLISH}. Messages are handed to the listener on Lettuce's thread as
 *       they are read, so the node stays far from Redis's output-buffer limit for subscribers.
 *   <li><b>Fails fast.</b> While Redis is unreachable the broker is {@link BrokerState#DOWN} and a
 *       publish fails at once with {@link BrokerUnavailableException}; a publish in flight when
 *       the connection drops fails too. Nothing is queued to be replayed later.
 *   <li><b>Comes back.</b> A lost connection is reconnected with exponential backoff (with
 *       jitter, capped); every channel of interest is subscribed again, and the broker reports
 *       {@link BrokerState#UP} only once Redis has confirmed them all.
 *   <li><b>Catches silent failure.</b> A liveness probe, published by the node to a channel of its
 *       own ({@code sockjet-probe:<node id>}) every few seconds, must come back in time, or the
 *       subscribing connection is taken for dead and reconnected, down and up again.
 *   <li><b>Reports a cut-off.</b> If Redis closes the subscribing connection while it stays up
 *       (its output buffer for the node passed {@code client-output-buffer-limit pubsub}), this is
 *       logged once, with counts, and counted in {@link #cutOffs()}; the node goes down and up, so
 *       its subscribers hear that they missed messages.
 * </ul>
 *
 * <p>On Redis, the connections are named {@code <client name>-pub} and {@code <client
 * name>-sub} ({@code CLIENT LIST}); the client name is {@code sockjet-<node id>} unless set.
 * {@link #close()} frees both connections, Lettuce's threads and the timers.
 */
public final class RedisBroker implements Broker {
  private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

  private final Settings settings;
  private final Mode mode;
  private final String probeChannel;
  private final LivenessProbe probe;
  private final Inbound inbound;
  private final CutOffs cutOffs;
  private final LongAdder probeFailures = new LongAdder();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  // The listener is called under this lock, so calls never overlap and each sees the last.
  private final Object reportLock = new Object();
  private volatile BrokerState state = BrokerState.DOWN;
  // Guarded by this. Lock order: reportLock, then this; Lettuce's futures are listened to only
  // after this is let go, since a refused command completes them on the spot.
  private final Interests interests = new Interests();
  private BrokerListener listener;
  private volatile Connections connections; // set once, by start; read without the lock
  private boolean publisherUp;
  // The subscriber is up and Redis confirmed every interest on it. Volatile for deliver().
  private volatile boolean subscribed;
  private long connection; // the subscriber's connections so far, and losses: tells stale news
  private boolean dropping; // the node dropped the subscriber itself (a failed probe)

  private RedisBroker(Settings settings, String node) {
    this.settings = settings;
    this.mode = settings.sharded() ? Mode.SHARDED : Mode.PLAIN;
    // Not under a topic's prefix ("sockjet:"), so no cluster takes it for a topic.
    this.probeChannel = "sockjet-probe:" + node;
    this.probe = new LivenessProbe(new ProbedNode(), settings.probeInterval(),
        settings.probeTimeout());
    this.inbound = new Inbound(probeChannel, probe::received, this::deliver);
    this.cutOffs = new CutOffs(settings.clientName());
  }

  /**
   * A broker on the Redis at {@code uri} ({@code redis://[password@]host[:port][/database]}, or
   * {@code rediss://} for TLS), with the defaults. It connects when started, which a server with
   * a {@link io.sockjet.Cluster} over it does.
   *
   * @throws IllegalArgumentException if {@code uri} is not a Redis URI
   */
  public static RedisBroker connect(String uri) {
    return builder(uri).build();
  }

  /** A builder for a broker on the Redis at {@code uri}; see {@link #connect}. */
  public static Builder builder(String uri) {
    return new Builder(RedisURI.create(uri));
  }

  // ---------------------------------------------------------------- Broker

  @Override
  public void start(BrokerListener listener) {
    Objects.requireNonNull(listener, "listener");
    Connections c;
    synchronized (this) {
      if (this.listener != null) {
        throw new IllegalStateException("started already");
      }
      this.listener = listener;
      if (state == BrokerState.CLOSED) {
        return;
      }
      c = new Connections(settings, new Links(), inbound);
      connections = c;
    }
    probe.start(c.timer());
    c.open();
  }

  @Override
  public CompletableFuture<Void> publish(String channel, ByteBuffer message) {
    Objects.requireNonNull(channel, "channel");
    // Lettuce writes it later, on its own thread: the caller's buffer is the caller's again now.
    ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
    Connections c = connections;
    var publisher = c == null ? null : c.publisher();
    if (state != BrokerState.UP || publisher == null) {
      return Failures.failed("the Redis broker " + settings.clientName() + " is " + state);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    mode.publish(publisher.async(), channel, copy).whenComplete((receivers, e) -> {
      if (e == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(Failures.unavailable(e));
      }
    });
    return done;
  }

  @Override
  public CompletableFuture<Void> subscribe(String channel) {
    Objects.requireNonNull(channel, "channel");
    CompletableFuture<Void> wanted;
    RedisFuture<String> confirmed;
    synchronized (this) {
      if (state == BrokerState.CLOSED) {
        return Failures.failed("closed");
      }
      CompletableFuture<Void> already = interests.get(channel);
      if (already != null) {
        return already.copy();
      }
      wanted = interests.add(channel);
      // Down, Lettuce refuses it at once: the next connection's resubscription confirms it.
      confirmed = send(c -> mode.subscribe(c, channel));
    }
    if (confirmed != null) {
      confirmed.thenRun(() -> confirm(channel, wanted));
    }
    return wanted.copy();
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String channel) {
    CompletableFuture<Void> wanted;
    RedisFuture<String> confirmed;
    synchronized (this) {
      wanted = interests.remove(channel);
      if (wanted == null) {
        return CompletableFuture.completedFuture(null);
      }
      confirmed = send(c -> mode.unsubscribe(c, channel));
    }
    wanted.cancel(false);
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (confirmed == null) {
      done.complete(null);
    } else {
      // Failed, the connection is gone, and its subscriptions with it.
      confirmed.whenComplete((pong, e) -> done.complete(null));
    }
    return done;
  }

  /**
   * Writes {@code command} on the subscribing connection, then a PING: a subscribed RESP3
   * connection answers it in order, so its answer means Redis has done the command. (Lettuce
   * completes a SUBSCRIBE's own future with the first confirmation that arrives, which may be an
   * earlier command's.) Null if there is no connection yet. Holds this.
   */
  private RedisFuture<String> send(
      Consumer<RedisPubSubAsyncCommands<String, ByteBuffer>> command) {
    var subscriber = connections == null ? null : connections.subscriber();
    if (subscriber == null) {
      return null;
    }
    RedisPubSubAsyncCommands<String, ByteBuffer> c = subscriber.async();
    command.accept(c);
    return c.ping();
  }

  private void confirm(String channel, CompletableFuture<Void> wanted) {
    synchronized (this) {
      if (interests.get(channel) != wanted) {
        return; // dropped meanwhile
      }
    }
    wanted.complete(null);
  }

  @Override
  public BrokerState state() {
    return state;
  }

  @Override
  public Set<Capability> capabilities() {
    return settings.sharded() ? Set.of(Capability.SHARDED) : Set.of();
  }

  @Override
  public void close() {
    BrokerListener l;
    Connections c;
    List<CompletableFuture<Void>> waiting;
    synchronized (this) {
      if (state == BrokerState.CLOSED) {
        return;
      }
      state = BrokerState.CLOSED;
      l = listener;
      c = connections;
      waiting = interests.clear();
    }
    waiting.forEach(f -> f.completeExceptionally(new BrokerUnavailableException("closed")));
    if (l != null) {
      synchronized (reportLock) {
        l.onStateChange(BrokerState.CLOSED);
      }
    }
    if (c == null) {
      terminated.complete(null);
    } else {
      c.close().whenComplete((v, e) -> terminated.complete(null));
    }
  }

  // ---------------------------------------------------------------- beyond the contract

  /**
   * Completes once {@link #close()} has closed both connections and stopped every thread the
   * broker started.
   */
  public CompletableFuture<Void> terminated() {
    return terminated.copy();
  }

  /** The name of this node's connections on Redis, before {@code -pub} and {@code -sub}. */
  public String clientName() {
    return settings.clientName();
  }

  /** The channel this node's liveness probe goes through. */
  public String probeChannel() {
    return probeChannel;
  }

  /** How many times Redis closed this node's subscribing connection while it stayed up. */
  public long cutOffs() {
    return cutOffs.count();
  }

  /** How many times the liveness probe found the subscribing connection dead. */
  public long probeFailures() {
    return probeFailures.sum();
  }

  // ---------------------------------------------------------------- the connections' news

  /** What Lettuce reports of the two connections. */
  private final class Links implements Connections.Events {
    @Override
    public void publisherUp() {
      synchronized (RedisBroker.this) {
        publisherUp = true;
      }
      reportState();
    }

    @Override
    public void publisherDown() {
      synchronized (RedisBroker.this) {
        publisherUp = false;
      }
      reportState();
    }

    @Override
    public void subscriberUp(StatefulRedisPubSubConnection<String, ByteBuffer> c) {
      resubscribe(c);
    }

    @Override
    public void subscriberDown() {
      boolean ours;
      synchronized (RedisBroker.this) {
        subscribed = false;
        connection++;
        ours = dropping;
        dropping = false;
      }
      probe.reset();
      reportState();
      if (!ours && state != BrokerState.CLOSED) {
        Connections c = connections;
        cutOffs.subscriberLost(c.publisher(), inbound.messages(), inbound.bytes());
      }
    }
  }

  /**
   * A new subscribing connection: drops whatever Lettuce subscribed again by itself (its list
   * may hold channels dropped while the connection was down), subscribes the probe's channel and
   * every interest, and reports up once Redis has confirmed them all.
   */
  private void resubscribe(StatefulRedisPubSubConnection<String, ByteBuffer> c) {
    long current;
    List<String> channels;
    RedisFuture<String> confirmed;
    synchronized (this) {
      if (state == BrokerState.CLOSED) {
        return;
      }
      current = ++connection;
      subscribed = false;
      channels = interests.channels();
      RedisPubSubAsyncCommands<String, ByteBuffer> commands = c.async();
      mode.unsubscribeAll(commands);
      mode.subscribe(commands, probeChannel);
      for (String channel : channels) {
        mode.subscribe(commands, channel);
      }
      confirmed = commands.ping();
    }
    inbound.reset();
    probe.reset();
    confirmed.whenComplete((pong, e) -> resubscribed(c, current, channels, e));
  }

  private void resubscribed(StatefulRedisPubSubConnection<String, ByteBuffer> c, long current,
      List<String> channels, Throwable failure) {
    List<CompletableFuture<Void>> waiting;
    synchronized (this) {
      if (current != connection || state == BrokerState.CLOSED
          || failure != null && !c.isOpen()) {
        return; // that connection is gone (or going); the next one subscribes again
      }
      if (failure != null) {
        waiting = null;
        dropping = true;
      } else {
        subscribed = true;
        waiting = interests.waiting(channels);
      }
    }
    if (waiting == null) {
      // Up, but Redis did not confirm in time: start over on a new connection.
      LOG.log(System.Logger.Level.WARNING, "Redis did not confirm the subscriptions of "
          + settings.clientName() + "-sub: reconnecting it", failure);
      connections.dropSubscriber();
      return;
    }
    waiting.forEach(f -> f.complete(null));
    reportState();
  }

  /**
   * Reports the state that the connections make now, if it changed: up when the publisher is up
   * and the subscriber has every interest confirmed, else down. Each report is made under the
   * report lock from what holds at that moment, so the listener's last word is always the truth.
   */
  private void reportState() {
    synchronized (reportLock) {
      BrokerState next;
      BrokerListener l;
      int channels;
      synchronized (this) {
        if (state == BrokerState.CLOSED) {
          return;
        }
        next = publisherUp && subscribed ? BrokerState.UP : BrokerState.DOWN;
        if (next == state) {
          return;
        }
        state = next;
        l = listener;
        channels = interests.channels().size();
      }
      // Coming back after an outage is news (INFO); the first connection is not (DEBUG).
      LOG.log(next == BrokerState.DOWN ? System.Logger.Level.WARNING
              : channels > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
          "Redis broker " + settings.clientName() + " is " + next
              + (next == BrokerState.UP ? " with " + channels + " channels subscribed" : ""));
      l.onStateChange(next);
    }
  }

  /**
   * A message from Redis, handed on at once. Lettuce's thread, the one that also completes the
   * resubscription's PING. A message that arrives on a new subscribing connection before every
   * interest is confirmed on it is dropped: the node is down until then, and its subscribers are
   * told of the gap when it is up; delivered, it would reach them before that news, and be taken
   * by the cluster for a gap in its origin's sequence (the last seen being from before the
   * outage).
   */
  private void deliver(String channel, ByteBuffer message) {
    synchronized (reportLock) {
      if (subscribed && state != BrokerState.CLOSED) {
        listener.onMessage(channel, message);
      }
    }
  }

  /** What the liveness probe sees of this node. */
  private final class ProbedNode implements LivenessProbe.Node {
    @Override
    public boolean up() {
      return state == BrokerState.UP;
    }

    @Override
    public long connection() {
      synchronized (RedisBroker.this) {
        return connection;
      }
    }

    @Override
    public CompletionStage<Long> publish(ByteBuffer probe) {
      var publisher = connections.publisher();
      return mode.publish(publisher.async(), probeChannel, probe);
    }

    @Override
    public void dead(long probed, String why, boolean unanswered) {
      synchronized (RedisBroker.this) {
        if (probed != connection || !subscribed || state == BrokerState.CLOSED) {
          return; // that connection is gone already
        }
        subscribed = false;
        connection++;
        dropping = true;
      }
      probeFailures.increment();
      LOG.log(System.Logger.Level.WARNING, "liveness probe of " + settings.clientName() + ": "
          + why + "; the subscribing connection looks up but does not receive: reconnecting it"
          + (unanswered ? ", and the publishing one" : "") + " (" + probeFailures.sum()
          + " so far)");
      reportState();
      connections.dropSubscriber();
      if (unanswered) {
        connections.dropPublisher();
      }
    }
  }

  // ---------------------------------------------------------------- options

  /** Options of a {@link RedisBroker}; every one has a default. */
  public static final class Builder {
    private final RedisURI uri;
    private boolean sharded;
    private Duration probeInterval = Duration.ofSeconds(5);
    private Duration probeTimeout = Duration.ofSeconds(10);
    private Duration reconnectMin = Duration.ofMillis(100);
    private Duration reconnectMax = Duration.ofSeconds(10);
    private Duration commandTimeout = Duration.ofSeconds(10);
    private String clientName;

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * Sharded pub/sub ({@code SSUBSCRIBE}, {@code SPUBLISH}; Redis 7): in a Redis Cluster a
     * channel's messages stay on the shard that owns it instead of reaching every shard. Every
     * node of a cluster of Sockjet servers must use the same mode. Default: off.
     */
    public Builder sharded(boolean on) {
      this.sharded = on;
      return this;
    }

    /**
     * How often the liveness probe goes out (default 5 s), and how long it may take to come back
     * (default 10 s) before the subscribing connection is taken for dead.
     */
    public Builder probe(Duration interval, Duration timeout) {
      requirePositive(interval, "probe interval");
      requirePositive(timeout, "probe timeout");
      this.probeInterval = interval;
      this.probeTimeout = timeout;
      return this;
    }

    /**
     * The wait before reconnecting: {@code min} at first (default 100 ms), doubling up to {@code
     * max} (default 10 s), each drawn from the upper half of its step.
     */
    public Builder reconnectDelay(Duration min, Duration max) {
      requirePositive(min, "reconnect delay");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("need min <= max, not " + min + " and " + max);
      }
      this.reconnectMin = min;
      this.reconnectMax = max;
      return this;
    }

    /**
     * How long a command (and connecting) may wait for Redis before it fails (default 10 s). A
     * publish fails at once while the broker is down; this bounds one that Redis does not answer.
     */
    public Builder commandTimeout(Duration timeout) {
      requirePositive(timeout, "command timeout");
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * What this node's connections are called on Redis ({@code CLIENT LIST}), before {@code -pub}
     * and {@code -sub}; default {@code sockjet-} and a random id. No spaces.
     */
    public Builder clientName(String name) {
      if (name.isEmpty() || name.chars().anyMatch(ch -> ch <= ' ')) {
        throw new IllegalArgumentException("a client name has no spaces: \"" + name + "\"");
      }
      this.clientName = name;
      return this;
    }

    /** The broker, not started. */
    public RedisBroker build() {
      String node = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
      String name = clientName != null ? clientName : "sockjet-" + node;
      return new RedisBroker(new Settings(uri, sharded, probeInterval, probeTimeout, reconnectMin,
          reconnectMax, commandTimeout, name), node);
    }

    private static void requirePositive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, not " + d);
      }
    }
  }
}
