package io.sockjet.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What {@link EchoLoad} reads from a running echo client, whichever client it is, and the counters
 * behind it, which the clients share. Every method is safe from any thread.
 */
abstract class EchoMeter {
  /** Round-trip latencies in nanoseconds, 3 significant digits. */
  final Recorder latencies = new Recorder(3);
  /** Echoes received and checked. */
  final AtomicLong echoes = new AtomicLong();
  /** Wrong echoes, errors, and connections lost while sending. */
  final AtomicLong errors = new AtomicLong();

  /** Echoes received and checked so far. */
  final long echoes() {
    return echoes.get();
  }

  /** Wrong echoes (type, size or content), errors, and connections lost while sending. */
  final long errors() {
    return errors.get();
  }

  /** The round-trip latencies (nanoseconds) recorded since the previous call. */
  final Histogram latenciesSinceLastCall() {
    return latencies.getIntervalHistogram();
  }

  /** Stops sending: echoes on the way are still counted, but not answered. */
  abstract void stop();
}
