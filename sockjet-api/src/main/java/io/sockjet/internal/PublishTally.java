package io.sockjet.internal;

import io.sockjet.PublishResult;
import java.util.concurrent.CompletableFuture;

/**
 * Adds up what each loop's delivery of one publish did and completes the publisher's future when
 * the last loop reports. Thread-safe: the loops report concurrently. The future completes on the
 * last loop's thread, so the publisher's dependents run there unless it asks for an executor.
 */
final class PublishTally {
  private final CompletableFuture<PublishResult> future = new CompletableFuture<>();
  private int loopsLeft; // guarded by this, as are the counts
  private int delivered;
  private int skipped;
  private int closed;

  PublishTally(int loops) {
    this.loopsLeft = loops;
  }

  CompletableFuture<PublishResult> future() {
    return future;
  }

  /** One loop's counts. */
  void add(int deliveredHere, int skippedHere, int closedHere) {
    PublishResult result = null;
    synchronized (this) {
      delivered += deliveredHere;
      skipped += skippedHere;
      closed += closedHere;
      if (--loopsLeft == 0) {
        result = new PublishResult(delivered, skipped, closed);
      }
    }
    if (result != null) {
      future.complete(result); // outside the lock: dependents run here
    }
  }
}
