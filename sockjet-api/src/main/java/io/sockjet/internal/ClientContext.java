package io.sockjet.internal;

import io.sockjet.WebSocketListener;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.protocol.http.HeadLimits;
import java.time.Duration;

/**
 * What a client hands each {@link ClientUpgradeHandler}: what its connections share, so the
 * upgrade never calls back into the client's own (public) class. The client implements it with a
 * private inner class that reads its fields and settings. Thread-safe: connects start on any
 * thread and finish on the loops.
 */
public interface ClientContext {
  /** What each connection reports its close to, and takes its settings from. */
  WebSocketConnection.Owner owner();

  /** The initial listener array of every connection (shared, so never to be written into). */
  WebSocketListener[] listeners();

  /** Where connections share what their kept handshake requests have in common. */
  LineCache requestLines();

  /** The mask key source of a new connection. */
  MaskKeySource newMaskKeySource();

  /** The limits on the response head (and a proxy's). */
  HeadLimits headLimits();

  /** The most bytes of a refusal's body kept for the exception. */
  int maxErrorBodyBytes();

  /** The permessage-deflate settings offered, or null. */
  DeflateConfig deflateConfig();

  /** The client's per-loop deflate pools; null when no compression is offered. */
  DeflatePools deflatePools();

  /** Bounds the whole connect (for the timeout's message). */
  Duration connectTimeout();

  /** Told of each connection as it opens (before its first event). */
  void opened(WebSocketConnection ws);
}
