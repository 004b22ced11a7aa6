package io.sockjet.protocol.frame;

import java.security.SecureRandom;

/**
 * Thread-safe factory; the sources it returns are not thread-safe, one per connection. Makes the
 * {@link MaskKeySource}s a client uses.
 *
 * <p>RFC 6455 §5.3: "The masking key needs to be unpredictable; thus, the masking key MUST be
 * derived from a strong source of entropy, and the masking key for a given frame MUST NOT make it
 * simple for a server/proxy to predict the masking key for a subsequent frame." Hence {@link
 * #secure()} for real connections; {@link #fixed} only for debugging.
 */
public final class MaskKeySources {

  private MaskKeySources() {}

  /**
   * A new source of keys drawn from a {@link SecureRandom} shared by all such sources, read a
   * block at a time. Not thread-safe: give each connection its own.
   */
  public static MaskKeySource secure() {
    return new SecureKeys();
  }

  /**
   * A source returning {@code key} for every frame. Predictable keys void the protection masking
   * gives against cache poisoning through intermediaries (RFC 6455 §10.3): for debugging and
   * byte-exact captures only.
   */
  public static MaskKeySource fixed(int key) {
    return () -> key;
  }

  /** Not thread-safe. Hands out keys from a block of random bytes, refilling it when used up. */
  private static final class SecureKeys implements MaskKeySource {
    /**
     * Keys per {@code nextBytes} call. Each call pays a fixed cost (a lock, and for the default
     * DRBG a reseed check and generate step) that is several times that of producing 4 bytes; 64
     * keys spread it to a few nanoseconds per key while the block stays 256 bytes per connection,
     * small beside its socket buffers. Larger blocks would gain little and cost memory on every
     * idle client.
     */
    private static final int KEYS_PER_BLOCK = 64;

    private final byte[] block = new byte[KEYS_PER_BLOCK * 4];
    /** Index in {@link #block} of the next unused key byte; a full block means none is left. */
    private int next = block.length;

    @Override
    public int nextKey() {
      if (next == block.length) {
        Entropy.RANDOM.nextBytes(block);
        next = 0;
      }
      int key =
          (block[next] & 0xFF) << 24
              | (block[next + 1] & 0xFF) << 16
              | (block[next + 2] & 0xFF) << 8
              | (block[next + 3] & 0xFF);
      next += 4;
      return key;
    }
  }

  /** Holds the shared generator, created (and seeded) on first use rather than at class load. */
  private static final class Entropy {
    /** SecureRandom is thread-safe; one instance avoids seeding a generator per connection. */
    static final SecureRandom RANDOM = new SecureRandom();
  }
}
