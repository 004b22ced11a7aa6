package io.sockjet.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** RFC 3629 §4 byte sequences at every boundary, fed in every partition. */
class Utf8ValidatorTest {

  /** Marks a case that is never invalid but ends inside a code point. */
  private static final int TRUNCATED = -2;
  /** Marks a case that is complete and valid. */
  private static final int VALID = -1;

  /**
   * One input and its verdict: {@link #VALID}, {@link #TRUNCATED}, or the index of the first byte
   * after which no valid continuation exists.
   */
  record Case(String name, String hex, int failsAt) {
    byte[] bytes() {
      return Hex.bytes(hex);
    }

    boolean valid() {
      return failsAt == VALID;
    }

    @Override
    public String toString() {
      return name + " [" + hex + "]";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("empty", "", VALID),
        new Case("U+0000", "00", VALID),
        new Case("U+007F", "7f", VALID),
        new Case("U+0080", "c2 80", VALID),
        new Case("U+07FF", "df bf", VALID),
        new Case("U+0800", "e0 a0 80", VALID),
        new Case("U+D7FF, last before surrogates", "ed 9f bf", VALID),
        new Case("U+E000, first after surrogates", "ee 80 80", VALID),
        new Case("U+FFFF", "ef bf bf", VALID),
        new Case("U+10000", "f0 90 80 80", VALID),
        new Case("U+10FFFF", "f4 8f bf bf", VALID),
        new Case("kosme (RFC 6455 test text)", "ce ba e1 bd b9 cf 83 ce bc ce b5", VALID),
        new Case("ASCII then 4-byte", "48 65 6c 6c 6f f0 9f 98 80 21", VALID),
        new Case("overlong U+0000 in 2 bytes", "c0 80", 0),
        new Case("overlong U+007F in 2 bytes", "c1 bf", 0),
        new Case("overlong U+0000 in 3 bytes", "e0 80 80", 1),
        new Case("overlong U+07FF in 3 bytes", "e0 9f bf", 1),
        new Case("overlong U+0000 in 4 bytes", "f0 80 80 80", 1),
        new Case("overlong U+FFFF in 4 bytes", "f0 8f bf bf", 1),
        new Case("surrogate U+D800", "ed a0 80", 1),
        new Case("surrogate U+DFFF", "ed bf bf", 1),
        new Case("surrogate pair in CESU-8", "ed a0 80 ed b0 80", 1),
        new Case("U+110000, above the last code point", "f4 90 80 80", 1),
        new Case("F5 lead, above U+10FFFF", "f5 80 80 80", 0),
        new Case("F8 lead (old 5-byte form)", "f8 88 80 80 80", 0),
        new Case("FC lead (old 6-byte form)", "fc 84 80 80 80 80", 0),
        new Case("FE", "fe", 0),
        new Case("FF", "ff", 0),
        new Case("lone continuation 80", "80", 0),
        new Case("lone continuation BF", "bf", 0),
        new Case("continuation after ASCII", "41 80", 1),
        new Case("extra continuation after 2-byte", "c2 80 80", 2),
        new Case("truncated 2-byte", "c2", TRUNCATED),
        new Case("truncated 3-byte", "e2 82", TRUNCATED),
        new Case("truncated 4-byte", "f0 9f 98", TRUNCATED),
        new Case("truncated U+10FFFF", "f4 8f bf", TRUNCATED),
        new Case("ASCII inside a 3-byte sequence", "e2 82 41", 2),
        new Case("lead inside a 2-byte sequence", "c2 c2 80", 1),
        new Case("bad last byte of a 4-byte sequence", "f4 8f bf c0", 3),
        new Case(
            "RFC 6455 fail-fast example: surrogate after valid text",
            "ce ba e1 bd b9 cf 83 ed a0 80 65 64 69 74 65 64",
            8));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verdictDoesNotDependOnHowTheInputIsSplit(Case c) {
    Partitions.forEach(
        c.bytes(),
        chunks -> {
          Utf8Validator arrays = new Utf8Validator();
          Utf8Validator buffers = new Utf8Validator();
          for (byte[] chunk : chunks) {
            arrays.update(chunk, 0, chunk.length);
            buffers.update(ByteBuffer.wrap(chunk));
          }
          for (Utf8Validator v : List.of(arrays, buffers)) {
            assertThat(v.isComplete()).as("%s complete, %d chunks", c, chunks.size()).isEqualTo(c.valid());
            assertThat(v.isValid()).as("%s valid, %d chunks", c, chunks.size()).isEqualTo(c.failsAt < 0);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("cases")
  void oneShotCheckAcceptsOnlyCompleteValidInput(Case c) {
    assertThat(Utf8Validator.isValid(c.bytes())).isEqualTo(c.valid());
    assertThat(Utf8Validator.isValid(ByteBuffer.wrap(c.bytes()))).isEqualTo(c.valid());
  }

  /** RFC 6455 §8.1 wants the connection failed as soon as the stream is known not to be UTF-8. */
  @ParameterizedTest
  @MethodSource("cases")
  void failsAtTheFirstImpossibleByte(Case c) {
    byte[] bytes = c.bytes();
    Utf8Validator v = new Utf8Validator();
    for (int i = 0; i < bytes.length; i++) {
      boolean result = v.update(bytes, i, 1);
      boolean expected = c.failsAt < 0 || i < c.failsAt;
      assertThat(result).as("%s after byte %d", c, i).isEqualTo(expected);
      assertThat(v.isValid()).isEqualTo(expected);
    }
  }

  /**
   * Places each case at every offset inside ASCII text, so the case straddles the 8-byte words
   * the ASCII fast path reads in every possible way.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void verdictDoesNotDependOnAlignmentWithinAsciiText(Case c) {
    byte[] bytes = c.bytes();
    for (int before = 0; before <= 17; before++) {
      for (int after = 1; after <= 17; after++) {
        byte[] text = new byte[before + bytes.length + after];
        Arrays.fill(text, (byte) 'a');
        System.arraycopy(bytes, 0, text, before, bytes.length);
        // A truncated sequence followed by ASCII is invalid, so only VALID stays valid.
        String at = c + " at " + before + " with " + after + " after";
        assertThat(Utf8Validator.isValid(text)).as(at).isEqualTo(c.valid());
        assertThat(Utf8Validator.isValid(ByteBuffer.wrap(text))).as(at).isEqualTo(c.valid());
        ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
        assertThat(Utf8Validator.isValid(direct)).as(at).isEqualTo(c.valid());
      }
    }
  }

  @Test
  void updateReadsTheRemainingBytesWithoutMovingPositionOrLimit() {
    ByteBuffer buffer = ByteBuffer.wrap(Hex.bytes("80 ce ba 80"));
    buffer.position(1).limit(3);
    Utf8Validator v = new Utf8Validator();
    assertThat(v.update(buffer)).isTrue();
    assertThat(v.isComplete()).isTrue();
    assertThat(buffer.position()).isEqualTo(1);
    assertThat(buffer.limit()).isEqualTo(3);
    assertThat(Utf8Validator.isValid(buffer)).isTrue();
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void updateReadsOnlyTheGivenArrayRange() {
    byte[] bytes = Hex.bytes("ff 41 42 43 44 45 46 47 48 49 ff");
    Utf8Validator v = new Utf8Validator();
    assertThat(v.update(bytes, 1, 9)).isTrue();
    assertThat(v.isComplete()).isTrue();
    assertThat(v.update(bytes, 10, 1)).isFalse();
  }

  @Test
  void updateRejectsARangeOutsideTheArray() {
    Utf8Validator v = new Utf8Validator();
    assertThatThrownBy(() -> v.update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void worksOnReadOnlyAndSlicedBuffers() {
    ByteBuffer backing = ByteBuffer.wrap(Hex.bytes("ff ff e2 82 ac 41 42 43 44 45 46 47 48"));
    ByteBuffer slice = backing.position(2).slice().asReadOnlyBuffer();
    assertThat(Utf8Validator.isValid(slice)).isTrue();
  }

  @Test
  void invalidVerdictIsStickyUntilReset() {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.update(Hex.bytes("c0"), 0, 1)).isFalse();
    assertThat(v.update(ByteBuffer.wrap(Hex.bytes("41 42")))).isFalse();
    assertThat(v.isValid()).isFalse();
    assertThat(v.isComplete()).isFalse();

    v.reset();
    assertThat(v.isValid()).isTrue();
    assertThat(v.isComplete()).isTrue();
    assertThat(v.update(ByteBuffer.wrap(Hex.bytes("41 42")))).isTrue();
  }

  @Test
  void resetForgetsAPartialCodePoint() {
    Utf8Validator v = new Utf8Validator();
    v.update(Hex.bytes("e2 82"), 0, 2);
    assertThat(v.isComplete()).isFalse();
    v.reset();
    // "ac" would complete the euro sign before the reset; on its own it is a stray continuation.
    assertThat(v.update(Hex.bytes("ac"), 0, 1)).isFalse();
  }

  @Test
  void codePointSplitAcrossFragmentsIsCompleteOnlyAtItsLastByte() {
    Utf8Validator v = new Utf8Validator();
    byte[] grinning = Hex.bytes("f0 9f 98 80");
    for (int i = 0; i < 3; i++) {
      v.update(grinning, i, 1);
      assertThat(v.isValid()).isTrue();
      assertThat(v.isComplete()).isFalse();
    }
    v.update(grinning, 3, 1);
    assertThat(v.isComplete()).isTrue();
  }

  @Test
  void everySingleByteIsValidAloneExactlyWhenItIsAscii() {
    for (int b = 0; b < 256; b++) {
      assertThat(Utf8Validator.isValid(new byte[] {(byte) b})).as("byte %02x", b).isEqualTo(b < 0x80);
    }
  }

  @Test
  void longAsciiTextWithOneBadByteAnywhereIsInvalid() {
    byte[] text = new byte[200];
    Arrays.fill(text, (byte) 'x');
    assertThat(Utf8Validator.isValid(text)).isTrue();
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) 0x80;
      assertThat(Utf8Validator.isValid(text)).as("0x80 at %d", i).isFalse();
      assertThat(Utf8Validator.isValid(ByteBuffer.wrap(text))).as("0x80 at %d", i).isFalse();
      text[i] = 'x';
    }
  }
}
