package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BenchPayloadTest {

  static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }

  @Test
  void binaryMessageCarriesSequenceAndTimeAndMatchesItself() {
    BenchPayload p = new BenchPayload(false, 64, 3);
    ByteBuffer m = copy(p.binary(42, 123_456_789L));
    assertThat(m.remaining()).isEqualTo(64);
    assertThat(m.getLong(0)).isEqualTo(42);
    assertThat(m.getLong(8)).isEqualTo(123_456_789L);
    assertThat(p.matches(m, 42, 123_456_789L)).isTrue();
    assertThat(p.matches(m, 43, 123_456_789L)).isFalse();
    assertThat(p.matches(m, 42, 123_456_788L)).isFalse();
  }

  @Test
  void anyChangedByteOrLengthFailsTheCheck() {
    BenchPayload p = new BenchPayload(false, 40, 0);
    ByteBuffer sent = copy(p.binary(7, -5)); // nanoTime may be negative
    for (int i = 0; i < 40; i++) {
      ByteBuffer corrupt = copy(sent);
      corrupt.put(i, (byte) (corrupt.get(i) ^ 1));
      assertThat(p.matches(corrupt, 7, -5)).as("byte %d flipped", i).isFalse();
    }
    assertThat(p.matches(sent.duplicate().limit(39), 7, -5)).isFalse();
    assertThat(p.matches(ByteBuffer.allocateDirect(40).put(sent.duplicate()).flip(), 7, -5))
        .as("a direct buffer with the same bytes").isTrue();
  }

  @Test
  void anotherConnectionsPayloadDiffers() {
    ByteBuffer fromOne = copy(new BenchPayload(false, 32, 1).binary(0, 0));
    assertThat(new BenchPayload(false, 32, 2).matches(fromOne, 0, 0)).isFalse();
  }

  @Test
  void textMessageIsAsciiWithHexHeaderAndMatchesItself() {
    BenchPayload p = new BenchPayload(true, 48, 5);
    String m = p.text(0xabcL, -1L).toString();
    assertThat(m).hasSize(48).startsWith("0000000000000abcffffffffffffffff").matches("[0-9a-z]+");
    assertThat(p.matches(m, 0xabc, -1)).isTrue();
    assertThat(p.matches(m, 0xabd, -1)).isFalse();
    StringBuilder corrupt = new StringBuilder(m);
    corrupt.setCharAt(47, corrupt.charAt(47) == 'a' ? 'b' : 'a');
    assertThat(p.matches(corrupt.toString(), 0xabc, -1)).isFalse();
    assertThat(p.matches(m + "x", 0xabc, -1)).isFalse();
  }

  @Test
  void theBufferIsReusedAndOnlyTheHeaderChanges() {
    BenchPayload p = new BenchPayload(false, 32, 0);
    ByteBuffer first = p.binary(1, 1);
    ByteBuffer filler = copy(first).position(16);
    ByteBuffer second = p.binary(2, 2);
    assertThat(second).isSameAs(first);
    assertThat(second.duplicate().position(16)).isEqualTo(filler);
  }

  @Test
  void sizeMustHoldTheHeader() {
    assertThat(BenchPayload.minimumSize(false)).isEqualTo(16);
    assertThat(BenchPayload.minimumSize(true)).isEqualTo(32);
    assertThatThrownBy(() -> new BenchPayload(true, 31, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTextPayloadBehindAPrefixIsReadAndCheckedWhereItStands() {
    BenchPayload p = new BenchPayload(true, 40, 0);
    long sentAt = -5_000_000_000L; // System.nanoTime() may be negative
    String msg = "msg t " + p.text(7, sentAt);
    assertThat(BenchPayload.textSeq(msg, 6)).isEqualTo(7);
    assertThat(BenchPayload.textSentAt(msg, 6)).isEqualTo(sentAt);
    assertThat(p.matches(msg, 6, 7, sentAt)).isTrue();
    assertThat(p.matches(msg, 5, 7, sentAt)).as("shifted").isFalse();
    assertThat(p.matches(msg + "x", 6, 7, sentAt)).as("longer").isFalse();
    assertThat(new BenchPayload(true, 40, 1).matches(msg, 6, 7, sentAt)).as("other filler")
        .isFalse();
    assertThatThrownBy(() -> BenchPayload.textSeq("msg t 00zz", 6))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> BenchPayload.textSeq("msg t " + "g".repeat(32), 6))
        .isInstanceOf(NumberFormatException.class);
  }
}
