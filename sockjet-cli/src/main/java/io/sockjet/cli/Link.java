package io.sockjet.cli;

import io.sockjet.MessageSender;
import io.sockjet.ReconnectingWebSocket;
import io.sockjet.WebSocket;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code connect} sends on and closes: one {@link WebSocket}, or with {@code --reconnect} a
 * {@link ReconnectingWebSocket} that comes back after each loss. Thread-safe, as both are.
 */
interface Link {
  /** Where lines go. */
  MessageSender sender();

  /** Completes when the link is closed for good (never fails). */
  CompletableFuture<?> ended();

  /** Closes the link for good with this code and reason. */
  void close(int code, String reason);

  /**
   * Whether a refused send or a failed flush means only "between connections" (the link comes
   * back), rather than the end.
   */
  boolean comesBack();

  /** One connection: it ends when it closes. */
  static Link of(WebSocket ws) {
    return new Link() {
      @Override
      public MessageSender sender() {
        return ws;
      }

      @Override
      public CompletableFuture<?> ended() {
        return ws.closeFuture();
      }

      @Override
      public void close(int code, String reason) {
        ws.close(code, reason);
      }

      @Override
      public boolean comesBack() {
        return false;
      }
    };
  }

  /**
   * A reconnecting connection: it ends when it stops reconnecting (closed, or given up) and the
   * connection open then, if any, has finished its closing handshake.
   */
  static Link of(ReconnectingWebSocket r) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    r.stopped().whenComplete((v, e) -> {
      WebSocket last = r.current();
      if (last == null) {
        ended.complete(null);
      } else {
        last.closeFuture().whenComplete((c, f) -> ended.complete(null));
      }
    });
    return new Link() {
      @Override
      public MessageSender sender() {
        return r;
      }

      @Override
      public CompletableFuture<?> ended() {
        return ended;
      }

      @Override
      public void close(int code, String reason) {
        r.close(code, reason);
      }

      @Override
      public boolean comesBack() {
        return true;
      }
    };
  }
}
