package io.sockjet.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small seeded source of test inputs for property tests run by {@link Property#forAll}.
 *
 * <p>Every value comes from one {@link SplittableRandom}, so the same seed yields the same inputs
 * in the same order on every JVM. The generators lean towards edge cases (empty, the bounds,
 * WebSocket's length boundaries, {@code 0} and the extreme ints) because a plain uniform draw
 * rarely hits them and they are where framing and UTF-8 code break.
 */
public final class Gen {
  /**
   * Lengths where RFC 6455 changes the header layout (7-bit, 16-bit and 64-bit length fields, at
   * 125/126 and 65535/65536), plus their neighbours. {@link #size} picks these often.
   */
  private static final int[] EDGE_SIZES = {0, 1, 2, 125, 126, 127, 65_535, 65_536, 65_537};

  private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};

  private final SplittableRandom random;

  /** A generator whose every draw follows from {@code seed}. */
  public Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code true} or {@code false}, evenly. */
  public boolean bool() {
    return random.nextBoolean();
  }

  /** An int from {@code min} to {@code max}, both included, evenly. */
  public int intBetween(int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException(min + " > " + max);
    }
    // The upper bound of nextInt is exclusive; widen through long so max == MAX_VALUE works.
    return (int) random.nextLong(min, (long) max + 1);
  }

  /** Any int; one draw in 16 is one of 0, 1, -1, MIN_VALUE and MAX_VALUE. */
  public int anyInt() {
    return random.nextInt(16) == 0 ? pickInt(EDGE_INTS) : random.nextInt();
  }

  /** Any long, evenly (for seeding something else, e.g. a {@code java.util.Random}). */
  public long anyLong() {
    return random.nextLong();
  }

  /** Any byte, evenly. */
  public byte anyByte() {
    return (byte) random.nextInt(256);
  }

  /** One of {@code options}, evenly. */
  public int pickInt(int... options) {
    return options[random.nextInt(options.length)];
  }

  /** One of {@code options}, evenly. */
  @SafeVarargs
  public final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  /** One of {@code options}, evenly. */
  public <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /**
   * An index into {@code weights}, each index drawn in proportion to its weight: {@code
   * weighted(12, 2, 1)} returns 0 four times in five. Tests switch on it to mix kinds of input.
   */
  public int weighted(int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * A count from {@code min} to {@code max}: one time in eight {@code min}, one in eight {@code
   * max}, otherwise even. For lengths of lists and strings, where the bounds matter most.
   */
  public int length(int min, int max) {
    return switch (random.nextInt(8)) {
      case 0 -> min;
      case 1 -> max;
      default -> intBetween(min, max);
    };
  }

  /**
   * A size from 0 to {@code max} for a payload: a quarter of draws are edge sizes ({@code 0, 1, 2,
   * 125, 126, 127, 65535, 65536, 65537} and {@code max}, those not above {@code max}), a quarter
   * small (up to 130, where most short frames live), the rest even over the whole range.
   */
  public int size(int max) {
    return switch (random.nextInt(4)) {
      case 0 -> {
        // EDGE_SIZES is ascending: pick among those not above max, or max itself.
        int fitting = 0;
        while (fitting < EDGE_SIZES.length && EDGE_SIZES[fitting] <= max) {
          fitting++;
        }
        int i = random.nextInt(fitting + 1);
        yield i < fitting ? EDGE_SIZES[i] : max;
      }
      case 1 -> random.nextInt(Math.min(max, 130) + 1);
      default -> intBetween(0, max);
    };
  }

  /** Random bytes, {@link #size} of them at most {@code maxSize}. */
  public byte[] bytes(int maxSize) {
    return bytesOfLength(size(maxSize));
  }

  /** Exactly {@code length} random bytes. */
  public byte[] bytesOfLength(int length) {
    byte[] out = new byte[length];
    int i = 0;
    // Eight bytes per draw: the payloads here reach 70 000 bytes and several per try.
    while (i + 8 <= length) {
      long l = random.nextLong();
      for (int k = 0; k < 8; k++) {
        out[i++] = (byte) (l >>> (8 * k));
      }
    }
    while (i < length) {
      out[i++] = (byte) random.nextInt(256);
    }
    return out;
  }

  /** A list of {@link #length} {@code min} to {@code max} elements, each made by {@code element}. */
  public <T> List<T> listOf(int min, int max, Function<Gen, T> element) {
    int n = length(min, max);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.apply(this));
    }
    return out;
  }

  /** The chars {@code from} to {@code to}, both included, as one string: an alphabet for {@link #stringOf}. */
  public static String charRange(char from, char to) {
    StringBuilder out = new StringBuilder(to - from + 1);
    for (int c = from; c <= to; c++) { // an int, so to == '\uFFFF' ends the loop
      out.append((char) c);
    }
    return out.toString();
  }

  /** A string of {@link #length} {@code minLength} to {@code maxLength} chars, each from {@code alphabet}. */
  public String stringOf(int minLength, int maxLength, String alphabet) {
    int n = length(minLength, maxLength);
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** A string of {@link #length} {@code minLength} to {@code maxLength} chars from {@code from} to {@code to}. */
  public String stringBetween(int minLength, int maxLength, char from, char to) {
    int n = length(minLength, maxLength);
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append((char) intBetween(from, to));
    }
    return out.toString();
  }

  /**
   * Any Unicode scalar value (a code point that is not a surrogate), drawn evenly among the four
   * UTF-8 lengths (1 to 4 bytes) rather than over the code space, where 4-byte ones would swamp
   * the rest.
   */
  public int codePoint() {
    return switch (random.nextInt(4)) {
      case 0 -> intBetween(0, 0x7F);
      case 1 -> intBetween(0x80, 0x7FF);
      case 2 -> {
        // 3-byte range less the 2048 surrogates.
        int cp = intBetween(0x800, 0xFFFF - 0x800);
        yield cp < 0xD800 ? cp : cp + 0x800;
      }
      default -> intBetween(0x10000, Character.MAX_CODE_POINT);
    };
  }

  /**
   * Well-formed text of at most {@code maxChars} UTF-16 chars: {@link #codePoint}s, so characters
   * outside the BMP appear as proper surrogate pairs and no surrogate is ever unpaired.
   */
  public String text(int maxChars) {
    int n = length(0, maxChars);
    StringBuilder out = new StringBuilder(n);
    while (out.length() < n) {
      int cp = codePoint();
      if (out.length() + Character.charCount(cp) > n) {
        cp = intBetween(0, 0x7F); // a pair would overshoot by one char
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /**
   * Any UTF-16 text of at most {@code maxChars} chars, which need not be well-formed: like {@link
   * #text} but one char in eight is a lone high or low surrogate, so unpaired surrogates appear
   * at the start, the end, next to each other and next to proper pairs.
   */
  public String utf16(int maxChars) {
    int n = length(0, maxChars);
    StringBuilder out = new StringBuilder(n);
    while (out.length() < n) {
      if (random.nextInt(8) == 0) {
        out.append((char) (bool() ? intBetween(0xD800, 0xDBFF) : intBetween(0xDC00, 0xDFFF)));
        continue;
      }
      int cp = codePoint();
      if (out.length() + Character.charCount(cp) > n) {
        cp = intBetween(0, 0x7F);
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }
}
