package io.sockjet.transport;

/**
 * Thread-safe: a handle to a task scheduled with {@link EventLoop#schedule}. Its methods may be
 * called from any thread.
 */
public interface TimerHandle {
  /**
   * Cancels the task if it has neither run nor been cancelled yet. Cost is O(log n) in the number
   * of pending timers of the loop: the entry is removed from the loop's heap at once when called
   * on the loop, or by a task the call enqueues otherwise.
   *
   * @return true if this call cancelled the task, false if it had already run or been cancelled
   */
  boolean cancel();

  /** Returns true once {@link #cancel()} has succeeded. */
  boolean isCancelled();

  /** Returns true once the task has started running (it then can no longer be cancelled). */
  boolean hasRun();
}
