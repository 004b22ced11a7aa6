package io.sockjet.internal;

import io.sockjet.transport.EventLoop;
import java.util.Arrays;

/**
 * A topic's subscribers on one event loop. A publish sends one task per shard with subscribers,
 * and that task walks the shard's array: the cost of a publish is the topic's subscribers, never
 * the server's connections.
 *
 * <p>Threading: {@code count} is guarded by the topic's lock (publishers read it to decide which
 * loops get a task). The array is confined to the loop: adds and removes arrive as loop tasks,
 * enqueued under the topic's lock, so they are ordered with the publishes and never run while a
 * delivery walks the array (a task never runs inside another).
 */
final class TopicShard {
  private static final Subscription[] NONE = new Subscription[0];

  final Topic topic;
  final EventLoop loop;
  int count; // under topic's lock: subscriptions made here and not yet ended
  private Subscription[] subscribers = NONE; // loop-confined, [0, size) used
  private int size;

  TopicShard(Topic topic, EventLoop loop) {
    this.topic = topic;
    this.loop = loop;
  }

  /** Adds a subscription; on the loop. */
  void add(Subscription s) {
    if (size == subscribers.length) {
      subscribers = Arrays.copyOf(subscribers, Math.max(4, size + (size >> 1)));
    }
    s.index = size;
    subscribers[size++] = s;
  }

  /** Removes a subscription if present (the last one takes its place); on the loop. */
  void remove(Subscription s) {
    int i = s.index;
    if (i < 0 || i >= size || subscribers[i] != s) {
      return;
    }
    Subscription last = subscribers[--size];
    subscribers[i] = last;
    last.index = i;
    subscribers[size] = null;
    s.index = -1;
    if (size == 0) {
      subscribers = NONE; // an emptied shard holds no array
    } else if (subscribers.length > 16 && size < subscribers.length / 4) {
      subscribers = Arrays.copyOf(subscribers, size * 2);
    }
  }

  /** The subscriber at {@code i}, for {@code 0 <= i < size()}; on the loop. */
  Subscription get(int i) {
    return subscribers[i];
  }

  /** Subscriptions in the array now; on the loop. */
  int size() {
    return size;
  }
}
