package io.sockjet.cli;

import io.sockjet.WebSocket;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one connection did, for its close log line: when it opened and how many messages went in
 * and out. Kept as a connection attribute by {@link ConnectionLog}; the modes count what they send
 * with {@link #sent(WebSocket)}. Safe from any thread (a chat room counts from its loop, an exec
 * connection from its program's reader thread).
 */
final class ConnectionStats {
  static final String ATTRIBUTE = "sockjet.cli.stats";

  final long openedNanos = System.nanoTime();
  final LongAdder in = new LongAdder();
  final LongAdder out = new LongAdder();

  /** Counts one message sent (or offered, for a broadcast) to {@code ws}; no-op when not logged. */
  static void sent(WebSocket ws) {
    ConnectionStats stats = ws.attribute(ATTRIBUTE);
    if (stats != null) {
      stats.out.increment();
    }
  }

  /** Counts {@code count} messages sent (or offered, for a topic's) to {@code ws}. */
  static void sent(WebSocket ws, long count) {
    ConnectionStats stats = ws.attribute(ATTRIBUTE);
    if (stats != null) {
      stats.out.add(count);
    }
  }
}
