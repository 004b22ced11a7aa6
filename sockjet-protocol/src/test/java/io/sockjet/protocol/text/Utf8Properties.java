package io.sockjet.protocol.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Checks {@link Utf8Validator} and {@link Utf8Encoder} against the JDK's UTF-8 charset, which is
 * strict in the same ways RFC 3629 is (no overlongs, surrogates or code points above U+10FFFF).
 */
class Utf8Properties {

  @Property(tries = 3000)
  void validatorAgreesWithTheJdkDecoder(@ForAll("utf8ish") byte[] bytes) {
    assertThat(Utf8Validator.isValid(bytes)).isEqualTo(jdkAccepts(bytes, true));
  }

  /**
   * Fail fast (RFC 6455 §8.1): after every prefix, the validator is still valid exactly when some
   * continuation would make the prefix valid UTF-8 by the JDK's complete check.
   *
   * <p>The JDK's own partial check is no oracle here: told more input may follow, it lets
   * {@code ED A0} through and reports the surrogate only at its third byte.
   */
  @Property(tries = 500)
  void validatorTurnsInvalidExactlyWhenNoContinuationCanHelp(@ForAll("utf8ish") byte[] bytes) {
    Utf8Validator v = new Utf8Validator();
    for (int i = 0; i < bytes.length; i++) {
      v.update(bytes, i, 1);
      byte[] prefix = Arrays.copyOf(bytes, i + 1);
      assertThat(v.isValid()).as("after byte %d", i).isEqualTo(canBeCompleted(prefix));
    }
  }

  @Property(tries = 1000)
  void incrementalVerdictEqualsOneShotVerdict(
      @ForAll("utf8ish") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
    Utf8Validator v = new Utf8Validator();
    int at = 0;
    for (int cut : cuts) {
      int len = Math.min(cut, bytes.length - at);
      v.update(ByteBuffer.wrap(bytes, at, len));
      at += len;
    }
    v.update(bytes, at, bytes.length - at);
    assertThat(v.isComplete()).isEqualTo(Utf8Validator.isValid(bytes));
  }

  /**
   * The encoder writes what {@code getBytes(UTF_8)} writes, except that an unpaired surrogate
   * becomes U+FFFD ({@code EF BF BD}) where the JDK writes {@code '?'}.
   */
  @Property(tries = 3000)
  void encoderMatchesTheJdkWithUnpairedSurrogatesReplaced(@ForAll("texts") String s) {
    byte[] expected = replaceUnpairedSurrogates(s).getBytes(UTF_8);
    byte[] encoded = Utf8Encoder.encode(s);

    assertThat(encoded).isEqualTo(expected);
    assertThat(Utf8Encoder.encodedLength(s)).isEqualTo(encoded.length);
    assertThat(Utf8Validator.isValid(encoded)).isTrue();
  }

  @Property(tries = 1000)
  void encoderWritesTheSameBytesIntoEveryKindOfBuffer(@ForAll("texts") String s) {
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
  }

  @Property(tries = 1000)
  void truncatedPrefixFitsAndNeverSplitsAPair(
      @ForAll("texts") String s, @ForAll("budgets") int maxBytes) {
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
  }

  @Provide
  Arbitrary<byte[]> utf8ish() {
    // Mostly well-formed pieces so valid inputs occur, with the bytes that break them mixed in.
    Arbitrary<byte[]> codePoint =
        Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0x7F),
                Arbitraries.integers().between(0x80, 0x7FF),
                Arbitraries.integers().between(0x800, 0xFFFF),
                Arbitraries.integers().between(0x10000, 0x10FFFF))
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
            .map(cp -> new String(Character.toChars(cp)).getBytes(UTF_8));
    Arbitrary<byte[]> anyByte = Arbitraries.bytes().map(b -> new byte[] {b});
    Arbitrary<byte[]> edgeByte =
        Arbitraries.of(0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF)
            .map(b -> new byte[] {(byte) (int) b});
    // A lead byte (good or bad) with 0-3 tails: reaches the restricted second bytes after E0, ED,
    // F0 and F4 followed by more tails, which independent single bytes almost never line up.
    Arbitrary<byte[]> leadWithTails =
        Arbitraries.of(0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF)
            .flatMap(
                lead ->
                    Arbitraries.integers().between(0x80, 0xBF).list().ofMaxSize(3)
                        .map(tails -> {
                          byte[] out = new byte[1 + tails.size()];
                          out[0] = (byte) (int) lead;
                          for (int i = 0; i < tails.size(); i++) {
                            out[1 + i] = (byte) (int) tails.get(i);
                          }
                          return out;
                        }));
    Arbitrary<byte[]> piece =
        Arbitraries.frequencyOf(
            Tuple.of(12, codePoint),
            Tuple.of(2, leadWithTails),
            Tuple.of(1, anyByte),
            Tuple.of(1, edgeByte));
    return piece.list().ofMaxSize(40).map(Utf8Properties::concat);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 20).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<Integer> budgets() {
    return Arbitraries.integers().between(0, 130);
  }

  @Provide
  Arbitrary<String> texts() {
    // ASCII runs, 2- and 3-byte characters, proper pairs and lone surrogates of both kinds.
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.strings().ascii().ofMaxLength(20),
            Arbitraries.chars().range('\u0080', '\u07FF').map(String::valueOf),
            Arbitraries.chars().range('\u0800', '\uFFFF').map(String::valueOf),
            Arbitraries.integers().between(0x10000, 0x10FFFF).map(cp -> new String(Character.toChars(cp))),
            Arbitraries.chars().range('\uD800', '\uDBFF').map(String::valueOf),
            Arbitraries.chars().range('\uDC00', '\uDFFF').map(String::valueOf));
    return piece.list().ofMaxSize(30).map(pieces -> String.join("", pieces));
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
