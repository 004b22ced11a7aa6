package io.sockjet.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's endpoints by path: exact paths, then prefixes (a route path ending in {@code /*}
 * takes every path under it, the longest prefix first), then the fallback for every other path
 * (none: 404). Immutable once built; read by every loop's handshakes.
 */
public final class Endpoints {
  private final Map<String, Endpoint> exact;
  private final List<Map.Entry<String, Endpoint>> prefixes; // longest first
  private final Endpoint fallback;

  private Endpoints(Map<String, Endpoint> exact, List<Map.Entry<String, Endpoint>> prefixes,
      Endpoint fallback) {
    this.exact = exact;
    this.prefixes = prefixes;
    this.fallback = fallback;
  }

  /**
   * Endpoints for {@code routes} (path to endpoint, a path ending in {@code /*} being a prefix)
   * and {@code fallback} (null for none).
   *
   * @throws IllegalArgumentException for a path that does not start with {@code /}
   */
  public static Endpoints of(Map<String, Endpoint> routes, Endpoint fallback) {
    Map<String, Endpoint> exact = new HashMap<>();
    List<Map.Entry<String, Endpoint>> prefixes = new ArrayList<>();
    routes.forEach((path, endpoint) -> {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("a route's path starts with /: " + path);
      }
      if (path.endsWith("/*")) {
        prefixes.add(Map.entry(path.substring(0, path.length() - 1), endpoint));
      } else {
        exact.put(path, endpoint);
      }
    });
    prefixes.sort(Comparator.comparingInt((Map.Entry<String, Endpoint> e) -> e.getKey().length())
        .reversed());
    return new Endpoints(Map.copyOf(exact), List.copyOf(prefixes), fallback);
  }

  /** The endpoint serving {@code path} (no query), or null: no route takes it. */
  Endpoint find(String path) {
    Endpoint e = exact.get(path);
    if (e != null) {
      return e;
    }
    for (Map.Entry<String, Endpoint> prefix : prefixes) {
      if (path.startsWith(prefix.getKey())) {
        return prefix.getValue();
      }
    }
    return fallback;
  }
}
