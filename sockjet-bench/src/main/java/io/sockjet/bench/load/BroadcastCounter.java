package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the broadcast messages of all of a receiver's connections, checked byte for byte
 * against the body. Called on the raw loop's thread; the counters are read by the main thread.
 */
final class BroadcastCounter implements RawLoop.Handler {
  final ByteBuffer body;
  final long expected;
  final AtomicLong received = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong first = new AtomicLong();
  final AtomicLong last = new AtomicLong();
  final CountDownLatch done = new CountDownLatch(1);

  BroadcastCounter(String body, long expected) {
    this.body = ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII));
    this.expected = expected;
  }

  @Override
  public void message(RawConnection c, int opcode, ByteBuffer payload, long nanos) {
    if (opcode != RawLoop.TEXT || !payload.equals(body)) {
      errors.incrementAndGet();
      return;
    }
    if (first.get() == 0) {
      first.set(nanos);
    }
    last.lazySet(nanos);
    long n = received.get() + 1;
    received.lazySet(n); // one writer: the loop thread
    if (n == expected) {
      done.countDown();
    }
  }

  @Override
  public void failed(RawConnection c, String why) {
    if (done.getCount() > 0 && errors.getAndIncrement() == 0) {
      System.err.println("connection lost before the broadcast ended: " + why);
    }
  }
}
