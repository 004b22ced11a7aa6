package io.sockjet.transport;

/**
 * Thread-safe (implementations must be): a monotonic nanosecond clock, the only source of time
 * for an {@link EventLoop}'s timers, so tests can substitute a clock they advance by hand.
 *
 * <p>Values have the meaning of {@link System#nanoTime()}: only differences between two readings
 * are meaningful, and they must never decrease.
 */
@FunctionalInterface
public interface NanoClock {
  /** The system's monotonic clock, {@link System#nanoTime()}. */
  NanoClock SYSTEM = System::nanoTime;

  /** Returns the current reading in nanoseconds. */
  long nanoTime();
}
