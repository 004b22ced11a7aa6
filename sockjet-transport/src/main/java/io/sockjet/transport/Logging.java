package io.sockjet.transport;

/**
 * Thread-safe: logging that never throws into a loop. A logging backend can fail as anything
 * else does (a file appender out of descriptors, a handler out of memory); an event loop that
 * reports one connection's fault must not die of the report.
 */
public final class Logging {
  private Logging() {}

  /**
   * Logs {@code message} with {@code thrown} (may be null) if the level is enabled, swallowing
   * whatever the logger throws.
   */
  public static void log(System.Logger log, System.Logger.Level level, String message,
      Throwable thrown) {
    try {
      if (log.isLoggable(level)) {
        log.log(level, message, thrown);
      }
    } catch (Throwable ignored) {
      // Nowhere left to say it; the loop goes on.
    }
  }
}
