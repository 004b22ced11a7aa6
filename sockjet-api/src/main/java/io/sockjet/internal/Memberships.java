package io.sockjet.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics one connection is subscribed to, by name: what {@link
 * io.sockjet.WebSocket#subscriptions} reads and what the connection leaves when it closes. Made
 * on a connection's first subscribe. Thread-safe (this object's lock): subscribes come from any
 * thread. Once closed it takes no more, so a subscribe racing with the connection's close cannot
 * leave a subscription behind.
 */
final class Memberships {
  // Null while empty: a map keeps its table at its largest, so a connection that once had a
  // hundred topics would hold about a kilobyte after leaving them all.
  private Map<String, Subscription> byTopic;
  private boolean closed;

  /** Records {@code s}; false if the topic is recorded already or the connection has closed. */
  synchronized boolean add(String topic, Subscription s) {
    if (closed) {
      return false;
    }
    if (byTopic == null) {
      byTopic = new HashMap<>();
    }
    return byTopic.putIfAbsent(topic, s) == null;
  }

  /** Forgets and returns the subscription to {@code topic}, or null. */
  synchronized Subscription remove(String topic) {
    if (byTopic == null) {
      return null;
    }
    Subscription s = byTopic.remove(topic);
    if (byTopic.isEmpty()) {
      byTopic = null;
    }
    return s;
  }

  synchronized boolean has(String topic) {
    return byTopic != null && byTopic.containsKey(topic);
  }

  synchronized Set<String> topics() {
    return byTopic == null ? Set.of() : Set.copyOf(byTopic.keySet());
  }

  /** The subscriptions now, for a walk on the connection's loop. */
  synchronized List<Subscription> all() {
    return byTopic == null ? List.of() : List.copyOf(byTopic.values());
  }

  /** Closes: returns every subscription, forgotten, and takes no more. */
  synchronized List<Subscription> close() {
    closed = true;
    List<Subscription> all = all();
    byTopic = null;
    return all;
  }
}
