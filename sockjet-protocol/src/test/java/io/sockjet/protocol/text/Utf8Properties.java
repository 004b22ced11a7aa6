package io.sockjet.protocol.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Property;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Utf8Validator} and {@link Utf8Encoder} against the JDK's UTF-8 charset, which is
 * strict in the same ways RFC 3629 is (no overlongs, surrogates or code points above U+10FFFF).
 */
class Utf8Properties {

  @Test
  void validatorAgreesWithTheJdkDecoder() {
    Property.forAll(0x07F8_0001L, 3000, gen -> {
      byte[] bytes = utf8ish(gen);
      assertThat(Utf8Validator.isValid(bytes)).isEqualTo(jdkAccepts(bytes, true));
    });
  }

  /**
   * Fail fast (RFC 6455 §8.1): after every prefix, the validator is still valid exactly when some
   * continuation would make the prefix valid UTF-8 by the JDK's complete check.
   *
   * <p>The JDK's own partial check is no oracle here: told more input may follow, it lets
   * {@code ED A0} through and reports the surrogate only at its third byte.
   */
  @Test
  void validatorTurnsInvalidExactlyWhenNoContinuationCanHelp() {
    Property.forAll(0x07F8_0002L, 500, gen -> {
      byte[] bytes = utf8ish(gen);
      Utf8Validator v = new Utf8Validator();
      for (int i = 0; i < bytes.length; i++) {
        v.update(bytes, i, 1);
        byte[] prefix = Arrays.copyOf(bytes, i + 1);
        assertThat(v.isValid()).as("after byte %d", i).isEqualTo(canBeCompleted(prefix));
      }
    });
  }

  @Test
  void incrementalVerdictEqualsOneShotVerdict() {
    Property.forAll(0x07F8_0003L, 1000, gen -> {
      byte[] bytes = utf8ish(gen);
      List<Integer> cuts = gen.listOf(0, 10, g -> g.intBetween(0, 20));
      Utf8Validator v = new Utf8Validator();
      int at = 0;
      for (int cut : cuts) {
        int len = Math.min(cut, bytes.length - at);
        v.update(ByteBuffer.wrap(bytes, at, len));
        at += len;
      }
      v.update(bytes, at, bytes.length - at);
      assertThat(v.isComplete()).isEqualTo(Utf8Validator.isValid(bytes));
    });
  }

  /**
   * The encoder writes what {@code getBytes(UTF_8)} writes, except that an unpaired surrogate
   * becomes U+FFFD ({@code EF BF BD}) where the JDK writes {@code '?'}.
   */
  @Test
  void encoderMatchesTheJdkWithUnpairedSurrogatesReplaced() {
    Property.forAll(0x07F8_0004L, 3000, gen -> {
      String s = texts(gen);
      byte[] expected = replaceUnpairedSurrogates(s).getBytes(UTF_8);
      byte[] encoded = Utf8Encoder.encode(s);

      assertThat(encoded).isEqualTo(expected);
      assertThat(Utf8Encoder.encodedLength(s)).isEqualTo(encoded.length);
      assertThat(Utf8Validator.isValid(encoded)).isTrue();
    });
  }

  @Test
  void encoderWritesTheSameBytesIntoEveryKindOfBuffer() {
    Property.forAll(0x07F8_0005L, 1000, gen -> {
      String s = texts(gen);
      byte[] expected = Utf8Encoder.encode(s);
      int length = Utf8Encoder.encodedLength(s);
      // Exact room, at a non-zero position, in a heap slice with an array offset, and direct.
      ByteBuffer heap = ByteBuffer.allocate(length + 3).position(3);
      ByteBuffer slice = ByteBuffer.allocate(length + 5).position(5).slice();
      ByteBuffer direct = ByteBuffer.allocateDirect(length + 1).position(1);
      for (ByteBuffer dst : List.of(heap, slice, direct)) {
        int start = dst.position();
        Utf8Encoder.encode(s, dst);
        assertThat(dst.position() - start).isEqualTo(length);
        byte[] written = new byte[length];
        dst.flip().position(start);
        dst.get(written);
        assertThat(written).isEqualTo(expected);
      }
    });
  }

  @Test
  void truncatedPrefixFitsAndNeverSplitsAPair() {
    Property.forAll(0x07F8_0006L, 1000, gen -> {
      String s = texts(gen);
      int maxBytes = gen.intBetween(0, 130);
      int chars = Utf8Encoder.charsFitting(s, maxBytes);
      String prefix = s.substring(0, chars);
      assertThat(Utf8Encoder.encodedLength(prefix)).isLessThanOrEqualTo(maxBytes);
      if (chars > 0 && chars < s.length()) {
        boolean splitsPair =
            Character.isHighSurrogate(s.charAt(chars - 1)) && Character.isLowSurrogate(s.charAt(chars));
        assertThat(splitsPair).as("splits a surrogate pair at %d", chars).isFalse();
      }
      if (chars < s.length()) {
        // Maximal: one more code point would not fit.
        int next = chars + Character.charCount(s.codePointAt(chars));
        assertThat(Utf8Encoder.encodedLength(s.substring(0, next))).isGreaterThan(maxBytes);
      }
    });
  }

  private static final int[] EDGE_BYTES = {
    0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF
  };

  private static final int[] LEADS = {
    0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
  };

  /** Up to 40 pieces: mostly well-formed ones so valid inputs occur, with the bytes that break them mixed in. */
  private static byte[] utf8ish(Gen gen) {
    return concat(gen.listOf(0, 40, Utf8Properties::utf8Piece));
  }

  private static byte[] utf8Piece(Gen gen) {
    return switch (gen.weighted(12, 2, 1, 1)) {
      // One whole code point (1 to 4 bytes, never a surrogate).
      case 0 -> new String(Character.toChars(gen.codePoint())).getBytes(UTF_8);
      // A lead byte (good or bad) with 0-3 tails: reaches the restricted second bytes after E0,
      // ED, F0 and F4 followed by more tails, which independent single bytes almost never line up.
      case 1 -> {
        List<Integer> tails = gen.listOf(0, 3, g -> g.intBetween(0x80, 0xBF));
        byte[] out = new byte[1 + tails.size()];
        out[0] = (byte) gen.pickInt(LEADS);
        for (int i = 0; i < tails.size(); i++) {
          out[1 + i] = (byte) (int) tails.get(i);
        }
        yield out;
      }
      case 2 -> new byte[] {gen.anyByte()};
      default -> new byte[] {(byte) gen.pickInt(EDGE_BYTES)};
    };
  }

  /** Up to 30 pieces: ASCII runs, 2- and 3-byte characters, proper pairs and lone surrogates of both kinds. */
  private static String texts(Gen gen) {
    StringBuilder out = new StringBuilder();
    int pieces = gen.length(0, 30);
    for (int i = 0; i < pieces; i++) {
      switch (gen.intBetween(0, 5)) {
        case 0 -> out.append(gen.stringBetween(0, 20, '\u0000', '\u007F'));
        case 1 -> out.append((char) gen.intBetween(0x80, 0x7FF));
        case 2 -> out.append((char) gen.intBetween(0x800, 0xFFFF));
        case 3 -> out.appendCodePoint(gen.intBetween(0x10000, Character.MAX_CODE_POINT));
        case 4 -> out.append((char) gen.intBetween(0xD800, 0xDBFF));
        default -> out.append((char) gen.intBetween(0xDC00, 0xDFFF));
      }
    }
    return out.toString();
  }

  /** The oracle for the encoder: an independent pass that marks what counts as unpaired. */
  private static String replaceUnpairedSurrogates(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether appending at most 3 continuation bytes can make {@code prefix} valid UTF-8. One byte
   * from each of 80-8F, 90-9F and A0-BF stands for its range: RFC 3629 restricts second bytes only
   * at those boundaries, so trying 80, 90 and A0 in each place covers every continuation.
   */
  private static boolean canBeCompleted(byte[] prefix) {
    if (!jdkAccepts(prefix, false)) {
      return false; // the JDK reports malformed input only when it is
    }
    return completes(prefix, 0);
  }

  private static final byte[] CONTINUATIONS = {(byte) 0x80, (byte) 0x90, (byte) 0xA0};

  private static boolean completes(byte[] bytes, int appended) {
    if (jdkAccepts(bytes, true)) {
      return true;
    }
    if (appended == 3) {
      return false;
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    for (byte c : CONTINUATIONS) {
      longer[bytes.length] = c;
      if (completes(longer, appended + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the JDK decoder finds nothing malformed. With {@code endOfInput} false a trailing
   * incomplete sequence is left unread rather than reported, as a fragment boundary would be.
   */
  private static boolean jdkAccepts(byte[] bytes, boolean endOfInput) {
    CharsetDecoder decoder =
        UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 2);
    CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, endOfInput);
    if (result.isError()) {
      return false;
    }
    return !endOfInput || !decoder.flush(out).isError();
  }

  private static byte[] concat(List<byte[]> pieces) {
    int length = pieces.stream().mapToInt(p -> p.length).sum();
    ByteBuffer out = ByteBuffer.allocate(length);
    pieces.forEach(out::put);
    return out.array();
  }
}
