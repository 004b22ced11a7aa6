package io.sockjet.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The channels a node subscribes to, each with the future its subscriber was given: completed
 * once Redis confirmed the channel, on whichever connection did. They outlast connections: each
 * new one subscribes them all. Not thread-safe: the broker guards it with its lock, and completes
 * the futures it returns after letting go of that lock.
 */
final class Interests {
  private final Map<String, CompletableFuture<Void>> channels = new LinkedHashMap<>();

  /** The future of {@code channel}, or null if it is not an interest. */
  CompletableFuture<Void> get(String channel) {
    return channels.get(channel);
  }

  /** Adds {@code channel}, not confirmed yet. */
  CompletableFuture<Void> add(String channel) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    channels.put(channel, f);
    return f;
  }

  /** Drops {@code channel}; its future, or null if it was not an interest. */
  CompletableFuture<Void> remove(String channel) {
    return channels.remove(channel);
  }

  /** The channels now, in the order they were added. */
  List<String> channels() {
    return new ArrayList<>(channels.keySet());
  }

  /** The futures still waiting among {@code confirmed}'s channels that are still interests. */
  List<CompletableFuture<Void>> waiting(Collection<String> confirmed) {
    List<CompletableFuture<Void>> out = new ArrayList<>();
    for (String channel : confirmed) {
      CompletableFuture<Void> f = channels.get(channel);
      if (f != null && !f.isDone()) {
        out.add(f);
      }
    }
    return out;
  }

  /** Drops every channel; the futures that were still waiting. */
  List<CompletableFuture<Void>> clear() {
    List<CompletableFuture<Void>> out = waiting(channels.keySet());
    channels.clear();
    return out;
  }
}
