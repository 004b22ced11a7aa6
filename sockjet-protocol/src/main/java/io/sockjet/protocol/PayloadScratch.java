package io.sockjet.protocol;

import java.nio.ByteBuffer;

/**
 * One heap buffer per thread into which outgoing text is encoded (and a client's payload copied
 * to be masked) before the frame goes to {@link FrameOutput#write} as {@code Ownership.SCRATCH},
 * so the output copies what it keeps: such a send then allocates nothing of its own.
 *
 * <p>Thread confinement: a connection runs on one thread, and the buffer is lent from {@link
 * #borrow} until {@link #giveBack}. A nested borrow on the same thread (an output that sends on
 * another connection while writing) gets a fresh buffer rather than the one in use.
 */
final class PayloadScratch {
  /** Payloads that may need more than this get a buffer of their own; none is kept. */
  static final int MAX_KEPT = 64 * 1024;

  private static final ThreadLocal<PayloadScratch> PER_THREAD = ThreadLocal.withInitial(PayloadScratch::new);

  private ByteBuffer buffer;
  private boolean lent;

  private PayloadScratch() {}

  /** A cleared buffer of at least {@code capacity} bytes, lent to the caller until giveBack. */
  static ByteBuffer borrow(int capacity) {
    PayloadScratch s = PER_THREAD.get();
    if (s.lent || capacity > MAX_KEPT) {
      return ByteBuffer.allocate(capacity);
    }
    if (s.buffer == null || s.buffer.capacity() < capacity) {
      s.buffer = ByteBuffer.allocate(Math.max(capacity, 1024));
    }
    s.lent = true;
    return s.buffer.clear();
  }

  /** Ends the loan of {@code buffer} if it is this thread's scratch. */
  static void giveBack(ByteBuffer buffer) {
    PayloadScratch s = PER_THREAD.get();
    if (s.buffer == buffer) {
      s.lent = false;
    }
  }
}
