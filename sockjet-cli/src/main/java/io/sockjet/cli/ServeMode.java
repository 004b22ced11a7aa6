package io.sockjet.cli;

import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code sockjet serve} does with its connections: chat, echo, exec or pubsub. {@link
 * ServeCommand} builds the server around a mode, logs connections and shuts it down; the mode
 * gives the listener and any HTTP behaviour. Called from the command's thread except for the listener,
 * whose callbacks run on the server's event loops.
 */
interface ServeMode {

  /** A word for the listening line: "chat", "echo", "exec", "pubsub". */
  String name();

  /** The path WebSocket clients connect to, for the listening line: "/" unless it says. */
  default String path() {
    return "/";
  }

  /** The listener every connection gets. */
  WebSocketListener listener();

  /**
   * What the server's topics do with a slow subscriber unless {@code --slow-subscribers} says
   * otherwise, given the command's {@code limits}: the library's default, unless the mode knows
   * better.
   */
  default SlowSubscriberPolicy slowSubscribers(LimitOptions limits) {
    return SlowSubscriberPolicy.DEFAULT;
  }

  /** Adds the mode's handshake or HTTP handlers to the server before it starts. */
  default void configure(WebSocketServer.Builder builder) {}

  /** Told once the server listens (modes that broadcast need it). */
  default void started(WebSocketServer server) {}

  /** Told after the server has shut down and closed every connection: release what is left. */
  default void stopped() {}

  /**
   * Completes when the mode has nothing more to serve and the server should stop, as after
   * Ctrl-C ({@code --stdio}: its input ended); by default never.
   */
  default CompletableFuture<Void> finished() {
    return new CompletableFuture<>();
  }
}
