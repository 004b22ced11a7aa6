package io.sockjet;

import java.util.Objects;

/**
 * {@link ConnectionOptions} with the event loops to run on: what a server or a client chooses
 * as a whole, unlike the settings a {@link Route} may change per path. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class LoopOptions<B extends LoopOptions<B>> extends ConnectionOptions<B> {
  int eventLoops = Runtime.getRuntime().availableProcessors();
  EventLoops sharedLoops; // null: the server or client creates (and stops) its own

  LoopOptions() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * How many event loops to create (default: one per core). Replaces loops shared with {@link
   * #eventLoops(EventLoops)}.
   */
  public B eventLoops(int count) {
    this.eventLoops = count;
    this.sharedLoops = null;
    return self();
  }

  /**
   * Runs on {@code shared} loops (with other servers and clients) instead of creating any; they
   * are not stopped when this server or client shuts down: their owner closes them. Replaces a
   * count set with {@link #eventLoops(int)}.
   *
   * <pre>{@code
   * EventLoops loops = EventLoops.create(2);
   * WebSocketServer server = WebSocketServer.builder().eventLoops(loops).start();
   * WebSocketClient client = WebSocketClient.builder().eventLoops(loops).build();
   * }</pre>
   */
  public B eventLoops(EventLoops shared) {
    this.sharedLoops = Objects.requireNonNull(shared);
    return self();
  }
}
