package io.sockjet.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8EncoderTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'',                 ''",
    "Hello,              48 65 6c 6c 6f",
    "\u007f,             7f",
    "\u0080,             c2 80",
    "\u07ff,             df bf",
    "\u0800,             e0 a0 80",
    "\uffff,             ef bf bf",
    "\ud800\udc00,       f0 90 80 80",
    "\udbff\udfff,       f4 8f bf bf",
    "κ\u1f79σμε,         ce ba e1 bd b9 cf 83 ce bc ce b5",
  })
  void encodesRfc3629BoundaryCodePoints(String text, String hex) {
    assertThat(Hex.of(Utf8Encoder.encode(text))).isEqualTo(hex);
    assertThat(Utf8Encoder.encodedLength(text)).isEqualTo(Hex.bytes(hex).length);
  }

  /** Unlike String.getBytes, which writes '?', so the output stays valid UTF-8 (RFC 6455 §5.6). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "lone high surrogate,          '\ud800',             ef bf bd",
    "lone low surrogate,           '\udc00',             ef bf bd",
    "high surrogate before ASCII,  'a\ud83dz',           61 ef bf bd 7a",
    "pair in the wrong order,      '\ude00\ud83d',       ef bf bd ef bf bd",
    "high surrogate at the end,    'ab\ud83d',           61 62 ef bf bd",
    "two highs then a low,         '\ud83d\ud83d\ude00', ef bf bd f0 9f 98 80",
  })
  void unpairedSurrogateBecomesReplacementCharacter(String name, String text, String hex) {
    assertThat(Hex.of(Utf8Encoder.encode(text))).isEqualTo(hex);
    assertThat(Utf8Encoder.encodedLength(text)).isEqualTo(Hex.bytes(hex).length);
    ByteBuffer direct = ByteBuffer.allocateDirect(16);
    Utf8Encoder.encode(text, direct);
    assertThat(Hex.of(direct.flip())).isEqualTo(hex);
  }

  @Test
  void encodeAdvancesThePositionByExactlyTheEncodedLength() {
    ByteBuffer dst = ByteBuffer.allocate(32).position(2);
    Utf8Encoder.encode("a€😀", dst);
    assertThat(dst.position()).isEqualTo(2 + 1 + 3 + 4);
    assertThat(Hex.of(dst.flip().position(2))).isEqualTo("61 e2 82 ac f0 9f 98 80");
  }

  @Test
  void encodeIntoAFullBufferThrowsAndWritesNothing() {
    ByteBuffer dst = ByteBuffer.allocate(6).position(1);
    assertThatThrownBy(() -> Utf8Encoder.encode("€€", dst)).isInstanceOf(BufferOverflowException.class);
    assertThat(dst.position()).isEqualTo(1);
    assertThat(dst.array()).containsOnly(0);

    ByteBuffer direct = ByteBuffer.allocateDirect(5);
    assertThatThrownBy(() -> Utf8Encoder.encode("€€", direct)).isInstanceOf(BufferOverflowException.class);
    assertThat(direct.position()).isZero();
  }

  @Test
  void encodeFillsABufferWithExactlyEnoughRoom() {
    ByteBuffer dst = ByteBuffer.allocate(6);
    Utf8Encoder.encode("€€", dst);
    assertThat(dst.hasRemaining()).isFalse();
  }

  @Test
  void encodeIntoAReadOnlyBufferIsRefused() {
    ByteBuffer readOnly = ByteBuffer.allocate(8).asReadOnlyBuffer();
    assertThatThrownBy(() -> Utf8Encoder.encode("a", readOnly)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void encodesAnyCharSequence() {
    StringBuilder text = new StringBuilder("x").append('\u00e9').appendCodePoint(0x1F600);
    assertThat(Hex.of(Utf8Encoder.encode(text))).isEqualTo("78 c3 a9 f0 9f 98 80");
  }

  @Test
  void charsFittingStopsBeforeACodePointThatWouldOverflow() {
    assertThat(Utf8Encoder.charsFitting("aé€😀", 0)).isZero();
    assertThat(Utf8Encoder.charsFitting("aé€😀", 2)).isEqualTo(1); // é needs 2 more
    assertThat(Utf8Encoder.charsFitting("aé€😀", 3)).isEqualTo(2);
    assertThat(Utf8Encoder.charsFitting("aé€😀", 9)).isEqualTo(3); // 😀 needs 4: never half a pair
    assertThat(Utf8Encoder.charsFitting("aé€😀", 10)).isEqualTo(5);
    assertThat(Utf8Encoder.charsFitting("\ud800x", 3)).isEqualTo(1); // a lone surrogate costs 3
  }
}
