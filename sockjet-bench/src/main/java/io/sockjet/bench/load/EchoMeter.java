package io.sockjet.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What {@link EchoLoad} reads from a running echo client, whichever client it is. Every method is
 * safe from any thread.
 */
interface EchoMeter {
  /** Echoes received and checked so far. */
  long echoes();

  /** Wrong echoes (type, size or content), errors, and connections lost while sending. */
  long errors();

  /** The round-trip latencies (nanoseconds) recorded since the previous call. */
  Histogram latenciesSinceLastCall();

  /** Stops sending: echoes on the way are still counted, but not answered. */
  void stop();
}
