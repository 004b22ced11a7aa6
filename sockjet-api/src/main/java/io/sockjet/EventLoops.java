package io.sockjet;

import io.sockjet.transport.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe: a fixed set of event loops that several servers and clients share, so that a
 * process runs all its sockets on the same few threads instead of one set per server and client.
 * Each loop is one thread; every connection stays on one loop for its whole life.
 *
 * <p>Whoever creates the loops owns them: a server or client given them with {@code
 * eventLoops(EventLoops)} never stops them, not even when it shuts down. Close them after the
 * last server and client using them; until then their threads (not daemons) keep the JVM alive,
 * as a server's own loops do.
 *
 * <pre>{@code
 * try (EventLoops loops = EventLoops.create(2)) {
 *   WebSocketServer server = WebSocketServer.builder().port(8080).eventLoops(loops)
 *       .listener(listener).start();
 *   WebSocketClient client = WebSocketClient.builder().eventLoops(loops).build();
 *   WebSocket ws = client.connect(URI.create("ws://localhost:8080/")).join();
 *   // ... server and client run on the same two threads ...
 *   client.close();
 *   server.shutdown(Duration.ofSeconds(5)).join();
 * } // the loops stop here
 * }</pre>
 */
public final class EventLoops implements AutoCloseable {
  /** Thread names {@code sockjet-shared-N}: a thread dump tells them from a server's own. */
  private static final String THREAD_PREFIX = "sockjet-shared";

  private final EventLoopGroup group;

  private EventLoops(EventLoopGroup group) {
    this.group = group;
  }

  /**
   * Starts {@code count} loops.
   *
   * @throws IllegalArgumentException if {@code count} is less than 1
   */
  public static EventLoops create(int count) {
    return new EventLoops(new EventLoopGroup(count, THREAD_PREFIX, System::nanoTime));
  }

  /** Wraps loops made elsewhere (tests: loops on a clock the test moves). */
  static EventLoops of(EventLoopGroup group) {
    return new EventLoops(group);
  }

  /** Starts one loop per available processor. */
  public static EventLoops create() {
    return create(Runtime.getRuntime().availableProcessors());
  }

  /** How many loops (threads) there are. */
  public int size() {
    return group.loops().size();
  }

  /**
   * Stops the loops: listeners stop accepting, the connections still on them are closed (queued
   * bytes flushed where the deadline allows, the rest dropped), watches are cancelled, and the
   * threads end. Shut the servers and clients down first, so their peers get a close frame. The
   * future completes when every loop thread has ended. Idempotent.
   */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    return group.shutdownGracefully(deadline);
  }

  /**
   * Stops the loops as {@link #shutdown} does, with a 2-second deadline, and waits for them.
   *
   * @throws IllegalStateException if called on one of these loops (it would wait for itself)
   */
  @Override
  public void close() {
    group.close();
  }

  /** The transport's loops, for the servers and clients built on them. */
  EventLoopGroup group() {
    return group;
  }
}
