package io.sockjet.internal;

import io.sockjet.ClientMetrics;
import io.sockjet.ServerMetrics;
import io.sockjet.protocol.MemoryBudget;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server's running totals. Safe from any thread; {@link LongAdder}s so that loops updating them
 * in parallel do not contend on one cache line.
 */
public final class Counters {
  final LongAdder accepted = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder messagesIn = new LongAdder();
  final LongAdder messagesOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();

  /** A client's connection attempt ended with an open connection. */
  public void connected() {
    accepted.increment();
  }

  /** A client's connection attempt failed. */
  public void connectFailed() {
    rejected.increment();
  }

  void messageIn() {
    messagesIn.increment();
  }

  void messageOut() {
    messagesOut.increment();
  }

  void bytesIn(long n) {
    bytesIn.add(n);
  }

  void bytesOut(long n) {
    bytesOut.add(n);
  }

  /**
   * A server's metrics now: these counters with what its live connections hold, the compression
   * budget's reservations and refusals (null: no compression) and the memory budget's use.
   */
  public ServerMetrics snapshot(List<WebSocketConnection> all, ServerCompression compression,
      MemoryBudget budget) {
    long queued = 0;
    int compressed = 0;
    for (WebSocketConnection c : all) {
      queued += c.queuedBytes();
      if (c.protocol.perMessageDeflate() != null) {
        compressed++;
      }
    }
    return new ServerMetrics(all.size(), accepted.sum(), rejected.sum(), messagesIn.sum(),
        messagesOut.sum(), bytesIn.sum(), bytesOut.sum(), queued, compressed,
        compression == null ? 0 : compression.budget().reserved(),
        compression == null ? 0 : compression.budget().refused(),
        budget.used(), budget.limit());
  }

  /** A client's metrics now: these counters with what its live connections hold. */
  public ClientMetrics clientSnapshot(List<WebSocketConnection> all) {
    long queued = 0;
    for (WebSocketConnection c : all) {
      queued += c.queuedBytes();
    }
    return new ClientMetrics(all.size(), accepted.sum(), rejected.sum(), messagesIn.sum(),
        messagesOut.sum(), bytesIn.sum(), bytesOut.sum(), queued);
  }
}
