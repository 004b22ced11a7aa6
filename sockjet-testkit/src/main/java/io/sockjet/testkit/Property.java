package io.sockjet.testkit;

import java.util.SplittableRandom;

/**
 * Runs a property: a check that must hold for every input drawn from a {@link Gen}, tried a fixed
 * number of times from a fixed seed.
 *
 * <pre>{@code
 * @Test
 * void encodeThenDecodeIsTheIdentity() {
 *   Property.forAll(0x5EED_0001L, 500, gen -> {
 *     byte[] payload = gen.bytes(70_000);
 *     assertThat(decode(encode(payload))).isEqualTo(payload);
 *   });
 * }
 * }</pre>
 *
 * <p>Each test passes its own constant seed, so a build runs the same inputs every time and a red
 * build stays red until the code is fixed. Each try gets a fresh {@link Gen} seeded from the next
 * value of one stream started at that seed, so tries are independent and try {@code i} depends
 * only on the seed and {@code i}.
 *
 * <p>System properties, for a whole test run (Maven passes {@code -D} options on to the tests):
 *
 * <ul>
 *   <li>{@code -Dsockjet.seed=N} replaces every property's seed, to explore inputs the constant
 *       seeds never reach (decimal or {@code 0x} hex).
 *   <li>{@code -Dsockjet.try=I} runs only try {@code I}, to step through one failing input.
 * </ul>
 *
 * <p>A failure is reported as an {@link AssertionError} that names the seed and the try and has
 * the original failure as its cause and in its message.
 */
public final class Property {
  /** System property that replaces every property's seed. */
  public static final String SEED_PROPERTY = "sockjet.seed";
  /** System property that limits each property to one try, by index. */
  public static final String TRY_PROPERTY = "sockjet.try";

  private Property() {}

  /** The body of a property: draws its inputs from {@code gen}, then asserts. */
  @FunctionalInterface
  public interface Check {
    /** Checks one input; throws (an assertion failure or any exception) when the property fails. */
    void check(Gen gen) throws Exception;
  }

  /**
   * Runs {@code check} {@code tries} times, each with a fresh {@link Gen}, and stops at the first
   * failure, rethrown as an {@link AssertionError} naming the seed and the try index.
   *
   * @param seed this property's seed; {@code -Dsockjet.seed} overrides it
   * @param tries how many inputs to try
   */
  public static void forAll(long seed, int tries, Check check) {
    long base = effectiveSeed(seed);
    int only = onlyTry();
    SplittableRandom trySeeds = new SplittableRandom(base);
    for (int i = 0; i < tries; i++) {
      // Drawn even for skipped tries, so try i gets the same Gen with or without -Dsockjet.try.
      long trySeed = trySeeds.nextLong();
      if (only >= 0 && i != only) {
        continue;
      }
      try {
        check.check(new Gen(trySeed));
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            String.format(
                "property failed on try %d of %d with seed %d (reproduce: -D%s=%d, add -D%s=%d for"
                    + " this try alone): %s",
                i, tries, base, SEED_PROPERTY, base, TRY_PROPERTY, i, e),
            e);
      }
    }
  }

  /** {@code seed}, unless {@code -Dsockjet.seed} gives another. */
  static long effectiveSeed(long seed) {
    String override = System.getProperty(SEED_PROPERTY);
    return override == null || override.isBlank() ? seed : Long.decode(override.trim());
  }

  /** The try index given by {@code -Dsockjet.try}, or -1 to run them all. */
  private static int onlyTry() {
    String only = System.getProperty(TRY_PROPERTY);
    return only == null || only.isBlank() ? -1 : Integer.parseInt(only.trim());
  }
}
