package io.sockjet.internal;

import io.sockjet.CloseEvent;
import io.sockjet.transport.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a server or a client ends its connections: every live one is closed with 1001, their
 * closing handshakes get until {@code deadline}, what is left is dropped, then {@code
 * beforeLoopsStop} runs (clearing per-loop pools: a task it queues still runs on a loop that is
 * shutting down, not on one that has stopped) and the loops stop if the owner created them.
 * Thread-safe; called once per owner.
 */
public final class GracefulClose {
  private GracefulClose() {}

  /** Starts closing; the future completes when the loops (if owned) have stopped. */
  public static CompletableFuture<Void> closeAll(LiveConnections<WebSocketConnection> live,
      String reason, Duration deadline, Runnable beforeLoopsStop, EventLoopGroup group,
      boolean ownsGroup) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<CompletableFuture<CloseEvent>> closing = new ArrayList<>();
    for (WebSocketConnection c : live.snapshot()) {
      closing.add(c.closeFuture());
      c.close(1001, reason);
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, deadline.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((v, e) -> {
          for (WebSocketConnection c : live.snapshot()) {
            c.abort();
          }
          beforeLoopsStop.run();
          CompletableFuture<Void> loops = ownsGroup ? group.shutdownGracefully(deadline)
              : CompletableFuture.completedFuture(null);
          loops.whenComplete((x, y) -> done.complete(null));
        });
    return done;
  }
}
