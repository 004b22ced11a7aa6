package io.sockjet.transport;

import java.util.concurrent.TimeUnit;

/**
 * Not thread-safe; confined to one thread (for the accept backoff: the accepting loop): logging
 * for a failure that may repeat thousands of times a second, such as {@code accept} failing with
 * EMFILE. {@link #count} counts every occurrence but writes at most one line per interval, with
 * the number of occurrences since the last line and the last one's message, never a stack trace.
 *
 * <p>Nothing here ever throws: a logging backend that fails, for instance with an {@code Error}
 * because it cannot open a file while the process is out of file descriptors, must not end the
 * event loop that called it ({@link Logging#log}). The lost line is the price.
 */
final class RateLimitedLog {
  private final System.Logger logger;
  private final System.Logger.Level level;
  private final String subject;
  private final long intervalNanos;
  private final NanoClock clock;
  /** Occurrences since the last line written (or attempted). */
  private long pending;
  private boolean wroteOnce;
  private long lastLineAt;

  /**
   * A log that writes {@code subject} lines at {@code level} to {@code logger}, at most one per
   * {@code interval} as measured by {@code clock}.
   */
  RateLimitedLog(
      System.Logger logger,
      System.Logger.Level level,
      String subject,
      long interval,
      TimeUnit unit,
      NanoClock clock) {
    this.logger = logger;
    this.level = level;
    this.subject = subject;
    this.intervalNanos = unit.toNanos(interval);
    this.clock = clock;
  }

  /**
   * Counts one occurrence whose message is {@code message}; writes a line now if none was
   * written in the last interval (the first occurrence always writes one). Never throws.
   *
   * @return true if a line was due (and was written, unless the logger failed)
   */
  boolean count(String message) {
    pending++;
    long now = clock.nanoTime();
    if (wroteOnce && now - lastLineAt < intervalNanos) {
      return false;
    }
    wroteOnce = true;
    lastLineAt = now;
    long n = pending;
    pending = 0;
    String times = n == 1 ? " time" : " times";
    String line = subject + " (" + n + times + " since the last report): " + message;
    Logging.log(logger, level, line, null);
    return true;
  }

  /** Occurrences counted since the last line (tests). */
  long pending() {
    return pending;
  }
}
