package io.sockjet.internal;

import io.sockjet.WebSocketListener;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.protocol.http.HeadLimits;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a client hands each {@link ClientUpgradeHandler}: what its connections share, built once
 * by the client, so the upgrade never calls back into the client's own (public) class.
 * Immutable; connects start on any thread and finish on the loops.
 *
 * @param owner what each connection reports its close to, and takes its settings from
 * @param listeners the initial listener array of every connection (shared: never written into)
 * @param requestLines where connections share what their kept handshake requests have in common
 * @param maskKeys makes the mask key source of each new connection
 * @param headLimits the limits on the response head (and a proxy's)
 * @param maxErrorBodyBytes the most bytes of a refusal's body kept for the exception
 * @param deflateConfig the permessage-deflate settings offered, or null
 * @param deflatePools the client's per-loop deflate pools; null when no compression is offered
 * @param connectTimeout bounds the whole connect (for the timeout's message)
 * @param onOpened told of each connection as it opens (before its first event)
 */
public record ClientContext(WebSocketConnection.Owner owner, WebSocketListener[] listeners,
    LineCache requestLines, Supplier<? extends MaskKeySource> maskKeys, HeadLimits headLimits,
    int maxErrorBodyBytes, DeflateConfig deflateConfig, DeflatePools deflatePools,
    Duration connectTimeout, Consumer<WebSocketConnection> onOpened) {

  /** The mask key source of a new connection. */
  MaskKeySource newMaskKeySource() {
    return maskKeys.get();
  }

  /** Tells the client that {@code ws} is open. */
  void opened(WebSocketConnection ws) {
    onOpened.accept(ws);
  }
}
