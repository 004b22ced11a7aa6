package io.sockjet.protocol.frame;

import java.util.Random;

/**
 * Not thread-safe. Deterministic masking keys from {@code java.util.Random(seed)}, so tests can
 * assert exact client bytes and reproduce a failure from its seed.
 */
public final class SeededMaskKeySource implements MaskKeySource {
  private final Random random;

  /** A source whose key sequence is fixed by {@code seed}. */
  public SeededMaskKeySource(long seed) {
    this.random = new Random(seed);
  }

  /** The next key of the seeded sequence. */
  @Override
  public int nextKey() {
    return random.nextInt();
  }
}
