package io.sockjet.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When {@code connect} closes once its input has ended: not at once, which lost every reply still
 * on its way (the server sees our close frame first and may no longer answer), but when the
 * server closes or has been quiet for {@code --wait}. Thread-safe: {@link #received} runs on the
 * connection's event loop, the waits on the stdin thread.
 */
final class QuietClose {
  private final Duration quiet;
  private final CompletableFuture<Void> firstMessage = new CompletableFuture<>();
  private volatile long lastMessage;
  private volatile boolean replyMissed;

  /** Closes after {@code quiet} without a message (zero: at once). */
  QuietClose(Duration quiet) {
    this.quiet = quiet;
  }

  /** Told of every message received: the quiet time starts again. */
  void received() {
    lastMessage = System.nanoTime();
    firstMessage.complete(null); // after the time: whoever sees it done sees the time too
  }

  /** Whether {@link #closeAfterReply} gave up waiting: the exit status then says so. */
  boolean replyMissed() {
    return replyMissed;
  }

  /** The quiet time, for messages. */
  Duration quiet() {
    return quiet;
  }

  /**
   * Blocks until the server closes, or closes with 1000 once no message has come for the quiet
   * time, counted from now (the end of input) or from the last message, whichever is later.
   */
  void closeWhenQuiet(Link link) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      long last = firstMessage.isDone() ? Math.max(start, lastMessage) : start;
      long left = last + quiet.toNanos() - System.nanoTime();
      if (left <= 0) {
        link.close(1000, "");
        return;
      }
      if (await(link.ended(), left)) {
        return;
      }
      // The deadline passed: a message may have moved it on, so look again.
    }
  }

  /**
   * {@code --one-message}: blocks until a message has come (then closes with 1000), the server
   * closes, or the quiet time passes without a message (then closes too, and {@link
   * #replyMissed} tells).
   */
  void closeAfterReply(Link link) throws InterruptedException {
    if (!await(CompletableFuture.anyOf(firstMessage, link.ended()), quiet.toNanos())) {
      replyMissed = true;
    }
    link.close(1000, "");
  }

  /** Waits up to {@code nanos} for {@code f} to complete; true if it did. */
  private static boolean await(CompletableFuture<?> f, long nanos) throws InterruptedException {
    try {
      f.get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // neither future fails, but done is done
    }
  }
}
