package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;

/**
 * Not thread-safe; confined to its connection's event loop, where all its callbacks run: drives
 * one connection of {@code bench}. It keeps {@code inFlight} messages outstanding: it sends that
 * many on open, then one more for every echo, so the load is closed-loop (it never outruns the
 * server).
 *
 * <p>Checking relies on the echo keeping order, as a WebSocket echo over one TCP connection must:
 * the n-th message back must be the n-th sent, byte for byte. Its send time is kept in a ring of
 * {@code inFlight} slots, indexed by sequence number modulo {@code inFlight}: a slot is reused
 * only after its message has come back, because the next send happens only on an echo.
 */
final class BenchConnection implements WebSocketListener {
  private final int index;
  private final BenchPayload payload;
  private final BenchStats stats;
  private final long[] sentAt;
  private final boolean[] measured; // per slot: whether BenchStats.admit counted the message
  private final int inFlight;
  /** Next sequence number to send. */
  private long nextSeq;
  /** Sequence number the next echo must carry. */
  private long expectedSeq;

  /** Connection number {@code index} (from 0), keeping {@code inFlight} messages outstanding. */
  BenchConnection(int index, BenchPayload payload, int inFlight, BenchStats stats) {
    this.index = index;
    this.payload = payload;
    this.stats = stats;
    this.inFlight = inFlight;
    this.sentAt = new long[inFlight];
    this.measured = new boolean[inFlight];
  }

  @Override
  public void onOpen(WebSocket ws) {
    for (int i = 0; i < inFlight; i++) {
      sendNext(ws);
    }
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    long now = System.nanoTime();
    if (!expectingEcho(data.remaining())) {
      return;
    }
    long seq = expectedSeq++;
    long sent = sentAt[slot(seq)];
    received(ws, seq, sent, now, payload.matches(data, seq, sent));
  }

  @Override
  public void onText(WebSocket ws, String text) {
    long now = System.nanoTime();
    if (!expectingEcho(text.length())) {
      return;
    }
    long seq = expectedSeq++;
    long sent = sentAt[slot(seq)];
    received(ws, seq, sent, now, payload.matches(text, seq, sent));
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    if (stats.sending()) {
      stats.problem("connection " + index + ": " + error);
    }
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    if (!stats.sending()) {
      return; // the run is over and we closed it
    }
    stats.connectionLost("connection " + index + " closed during the run: " + event.code()
        + (event.reason().isEmpty() ? "" : " " + event.reason()));
    long measuredOutstanding = 0;
    for (long s = expectedSeq; s < nextSeq; s++) {
      if (measured[slot(s)]) {
        measuredOutstanding++;
      }
    }
    stats.lost(measuredOutstanding);
  }

  private void received(WebSocket ws, long seq, long sent, long now, boolean intact) {
    if (!intact) {
      stats.problem("connection " + index + ": echo of message " + seq
          + " differs from what was sent");
    }
    stats.echoed(sent, now, intact, measured[slot(seq)]);
    sendNext(ws);
  }

  /** False (and an error) for a message when none is outstanding: the server made it up. */
  private boolean expectingEcho(int length) {
    if (expectedSeq < nextSeq) {
      return true;
    }
    stats.echoed(Long.MIN_VALUE, 0, false, false);
    stats.problem("connection " + index + ": a " + length + "-unit message arrived that was "
        + "never sent");
    return false;
  }

  private void sendNext(WebSocket ws) {
    long now = System.nanoTime();
    int admitted = stats.admit(now);
    if (admitted == BenchStats.REFUSED) {
      return;
    }
    long seq = nextSeq++;
    sentAt[slot(seq)] = now;
    measured[slot(seq)] = admitted == BenchStats.MEASURED;
    if (payload.isText()) {
      ws.sendText(payload.text(seq, now));
    } else {
      ws.sendBinary(payload.binary(seq, now));
    }
  }

  private int slot(long seq) {
    return (int) (seq % inFlight);
  }
}
