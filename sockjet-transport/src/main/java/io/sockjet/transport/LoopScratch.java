package io.sockjet.transport;

import java.nio.ByteBuffer;

/**
 * Not thread-safe; confined to its event loop: the small arrays a write lends to a socket call
 * so that writing allocates nothing. Each is taken for one use and given back; taking one that
 * is out means a write was entered again from inside another (a callback up the stack wrote),
 * which would overwrite the sources of the write in progress, so it fails at once with an {@link
 * IllegalStateException} instead.
 */
final class LoopScratch {
  private static final int ONE = 1;
  private static final int PAIR = 1 << 1;
  private static final int GATHER = 1 << 2;

  private final ByteBuffer[] one = new ByteBuffer[1];
  private final ByteBuffer[] pair = new ByteBuffer[2];
  private final ByteBuffer[] gather;
  private int out; // ONE, PAIR, GATHER: the arrays taken and not given back

  LoopScratch(int maxGather) {
    this.gather = new ByteBuffer[maxGather];
  }

  /** A one-element array holding {@code b}; give it back with {@link #giveBackOne}. */
  ByteBuffer[] one(ByteBuffer b) {
    take(ONE);
    one[0] = b;
    return one;
  }

  void giveBackOne() {
    one[0] = null;
    out &= ~ONE;
  }

  /** A two-element array holding {@code a, b}; give it back with {@link #giveBackPair}. */
  ByteBuffer[] pair(ByteBuffer a, ByteBuffer b) {
    take(PAIR);
    pair[0] = a;
    pair[1] = b;
    return pair;
  }

  void giveBackPair() {
    pair[0] = null;
    pair[1] = null;
    out &= ~PAIR;
  }

  /** The gathering-write array (its user clears what it filled); see {@link #giveBackGather}. */
  ByteBuffer[] gather() {
    take(GATHER);
    return gather;
  }

  void giveBackGather() {
    out &= ~GATHER;
  }

  private void take(int which) {
    if ((out & which) != 0) {
      throw new IllegalStateException("loop scratch taken twice: a write re-entered another");
    }
    out |= which;
  }
}
