package io.sockjet.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Feeds one input to an incremental parser in every way a network could split it, so a test
 * asserts that the events do not depend on where reads happen to end.
 *
 * <p>The partitions: the whole input at once; every two-way split (for inputs up to
 * {@value #MAX_EXHAUSTIVE} bytes, sampled beyond); byte by byte; and {@value #RANDOM_ROUNDS}
 * random chunkings from a fixed seed, so a failure is reproducible.
 */
public final class Partitions {
  /** Above this size two-way splits are sampled: every split of 64 KiB would take minutes. */
  public static final int MAX_EXHAUSTIVE = 2048;
  /** Enough random chunkings to reach splits the systematic ones miss, cheap enough to run always. */
  public static final int RANDOM_ROUNDS = 16;

  private Partitions() {}

  /**
   * Calls {@code feed} once per partition of {@code input}; each call gets the chunks in order.
   * Each chunk is a fresh array, so a parser may modify it (e.g. unmask in place).
   */
  public static void forEach(byte[] input, Consumer<List<byte[]>> feed) {
    for (List<byte[]> chunks : all(input, 42)) {
      feed.accept(chunks);
    }
  }

  /** Every partition of {@code input}, as described on the class, with random chunkings from {@code seed}. */
  public static List<List<byte[]>> all(byte[] input, long seed) {
    List<List<byte[]>> out = new ArrayList<>();
    out.add(List.of(input.clone()));
    int step = Math.max(1, input.length / MAX_EXHAUSTIVE);
    for (int split = 1; split < input.length; split += step) {
      out.add(List.of(Arrays.copyOfRange(input, 0, split), Arrays.copyOfRange(input, split, input.length)));
    }
    out.add(byteByByte(input));
    Random random = new Random(seed);
    for (int round = 0; round < RANDOM_ROUNDS; round++) {
      out.add(randomChunks(input, random));
    }
    return out;
  }

  /** The input one byte per chunk. */
  public static List<byte[]> byteByByte(byte[] input) {
    List<byte[]> chunks = new ArrayList<>(input.length);
    for (byte b : input) {
      chunks.add(new byte[] {b});
    }
    return chunks;
  }

  /** The input in chunks of random length (1 to 2x the mean of 16 bytes, some empty). */
  public static List<byte[]> randomChunks(byte[] input, Random random) {
    List<byte[]> chunks = new ArrayList<>();
    int at = 0;
    while (at < input.length) {
      int len = Math.min(input.length - at, random.nextInt(33));
      chunks.add(Arrays.copyOfRange(input, at, at + len));
      at += len;
    }
    return chunks;
  }
}
