package io.sockjet.protocol.http;

/**
 * Immutable. The bounds a {@link HeadParser} enforces before it buffers more of a head.
 *
 * @param maxHeadBytes the most bytes the whole head may take: start line, field lines, every
 *     line terminator and the blank line that ends the head
 * @param maxHeaders the most field lines the head may hold
 */
public record HeadLimits(int maxHeadBytes, int maxHeaders) {
  /**
   * 8 KiB and 100 fields. A browser's upgrade request with a few cookies takes 0.5 to 2 KiB;
   * 8 KiB is what nginx and Tomcat allow a request line plus headers by default, so a client
   * that works behind them works here. 100 lines is the default of Netty and Jetty.
   */
  public static final HeadLimits DEFAULTS = new HeadLimits(8192, 100);

  /** Requires both limits positive; the head needs at least its start line and blank line. */
  public HeadLimits {
    if (maxHeadBytes < 1) {
      throw new IllegalArgumentException("maxHeadBytes < 1: " + maxHeadBytes);
    }
    if (maxHeaders < 0) {
      throw new IllegalArgumentException("maxHeaders < 0: " + maxHeaders);
    }
  }
}
