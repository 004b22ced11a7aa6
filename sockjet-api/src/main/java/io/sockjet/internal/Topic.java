package io.sockjet.internal;

import io.sockjet.PublishResult;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.TopicMetrics;
import io.sockjet.transport.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One topic: its subscribers, split by event loop into {@link TopicShard}s, and its counters. It
 * exists while it has subscribers; the last one to leave removes it from the registry, and a
 * topic once removed takes no one (a subscriber racing with the removal makes a new one).
 *
 * <p>Order: joins, leaves and publishes are decided under this object's lock, and each enqueues
 * its loop tasks there. A loop runs its tasks in the order they were enqueued, so every shard sees
 * the topic's messages in one order, the order of the lock, and each subscriber starts and stops
 * getting them between the same two messages on every loop.
 *
 * <p>Threading: fields without a comment are guarded by this; the delivery counters are added to
 * by the loops atomically.
 */
final class Topic {
  private static final VarHandle DELIVERED;
  private static final VarHandle SKIPPED;
  private static final VarHandle CLOSED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DELIVERED = lookup.findVarHandle(Topic.class, "delivered", long.class);
      SKIPPED = lookup.findVarHandle(Topic.class, "skipped", long.class);
      CLOSED = lookup.findVarHandle(Topic.class, "closed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String name; // final
  private final TopicRegistry registry; // final
  private final List<EventLoop> loops; // final: the server's loops, by index
  private final TopicShard[] shards; // by loop index, made on a loop's first subscriber
  private int subscribers;
  private boolean removed;
  private long published;
  private volatile long delivered;
  private volatile long skipped;
  private volatile long closed;

  Topic(String name, TopicRegistry registry, List<EventLoop> loops) {
    this.name = name;
    this.registry = registry;
    this.loops = loops;
    this.shards = new TopicShard[loops.size()];
  }

  /**
   * Subscribes {@code connection}, recording it in {@code memberships}: true if it joined, false
   * if it was a member already or is closed, null if this topic was removed meanwhile (the caller
   * tries again with a new one). Any thread.
   */
  synchronized Boolean join(WebSocketConnection connection, Memberships memberships, int loop) {
    if (removed) {
      return null;
    }
    TopicShard shard = shards[loop];
    if (shard == null) {
      shard = new TopicShard(this, loops.get(loop));
      shards[loop] = shard;
    }
    Subscription s = new Subscription(connection, shard);
    if (!memberships.add(name, s)) {
      removeIfEmpty(); // made for this call, perhaps: an empty topic is not kept
      return false;
    }
    try {
      TopicShard target = shard;
      shard.loop.execute(() -> target.add(s));
    } catch (RejectedExecutionException e) {
      memberships.remove(name); // the loop is gone, and the connection with it
      removeIfEmpty();
      return false;
    }
    subscribers++;
    shard.count++;
    registry.subscriptionsChanged(1);
    return true;
  }

  /** Ends a subscription its connection no longer records. Any thread. */
  synchronized void leave(Subscription s) {
    TopicShard shard = s.shard;
    subscribers--;
    shard.count--;
    registry.subscriptionsChanged(-1);
    try {
      shard.loop.execute(() -> shard.remove(s));
    } catch (RejectedExecutionException e) {
      // The loop is gone: nothing of the shard runs or is reachable once the topic goes.
    }
    removeIfEmpty();
  }

  private void removeIfEmpty() {
    if (subscribers == 0 && !removed) {
      removed = true;
      registry.forget(this);
    }
  }

  /**
   * Sends {@code frames} to every subscriber but {@code skip}: one task per loop with
   * subscribers, enqueued under the lock (see the class comment). Any thread.
   */
  CompletableFuture<PublishResult> publish(MessageFrames frames, WebSocketConnection skip,
      SlowSubscriberPolicy policy) {
    PublishTally tally;
    int rejected = 0;
    synchronized (this) {
      if (removed) {
        return CompletableFuture.completedFuture(PublishResult.NONE);
      }
      published++;
      int loopsWithSubscribers = 0;
      for (TopicShard shard : shards) {
        if (shard != null && shard.count > 0) {
          loopsWithSubscribers++;
        }
      }
      if (loopsWithSubscribers == 0) {
        return CompletableFuture.completedFuture(PublishResult.NONE);
      }
      tally = new PublishTally(loopsWithSubscribers);
      for (TopicShard shard : shards) {
        if (shard != null && shard.count > 0) {
          try {
            shard.loop.execute(new TopicDelivery(shard, frames, skip, policy, tally));
          } catch (RejectedExecutionException e) {
            rejected++; // a loop that has ended serves no one
          }
        }
      }
    }
    // Outside the lock: completing the future runs the caller's dependents.
    for (int i = 0; i < rejected; i++) {
      tally.add(0, 0, 0);
    }
    return tally.future();
  }

  /**
   * Tells every subscriber, on its loop, that it missed {@code count} messages (or an unknown
   * number). Under the lock like a publish, so it comes between the same two messages everywhere.
   */
  synchronized void tellMissed(long count) {
    for (TopicShard shard : shards) {
      if (shard != null && shard.count > 0) {
        try {
          shard.loop.execute(() -> {
            for (int i = 0; i < shard.size(); i++) {
              Subscription s = shard.get(i);
              s.connection.tellMissed(name, count);
            }
          });
        } catch (RejectedExecutionException e) {
          // The loop has ended, and its subscribers with it.
        }
      }
    }
  }

  /** A loop's delivery of one message is done: counts it. Any thread. */
  void counted(int deliveredNow, int skippedNow, int closedNow) {
    DELIVERED.getAndAdd(this, (long) deliveredNow);
    SKIPPED.getAndAdd(this, (long) skippedNow);
    CLOSED.getAndAdd(this, (long) closedNow);
  }

  synchronized int subscribers() {
    return subscribers;
  }

  synchronized TopicMetrics metrics() {
    return new TopicMetrics(name, subscribers, published, delivered, skipped, closed);
  }
}
