package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskerTest {

  /** RFC 6455 §5.3, one byte at a time: octet i XOR key octet (i mod 4). */
  private static void naiveMask(byte[] a, int from, int to, int key, long keyOffset) {
    for (int i = from; i < to; i++) {
      int j = (int) ((keyOffset + (i - from)) % 4);
      a[i] ^= (byte) (key >>> (24 - 8 * j));
    }
  }

  @Test
  void rfc6455Section5_7MaskedHelloExample() {
    ByteBuffer buf = ByteBuffer.wrap(Hex.bytes("48 65 6c 6c 6f"));
    Masker.mask(buf, 0, 5, 0x37fa213d, 0);
    assertThat(Hex.of(buf)).isEqualTo("7f 9f 4d 51 58");
  }

  @Test
  void matchesNaiveReferenceForRandomRangesKeysAndOffsets() {
    Random random = new Random(6455);
    for (int round = 0; round < 20_000; round++) {
      int capacity = random.nextInt(130);
      byte[] original = new byte[capacity];
      random.nextBytes(original);
      int from = capacity == 0 ? 0 : random.nextInt(capacity);
      int length = Math.min(random.nextInt(101), capacity - from);
      int to = from + length;
      int key = random.nextInt();
      long keyOffset = random.nextBoolean() ? random.nextInt(8) : random.nextLong() >>> 1;
      boolean direct = random.nextBoolean();
      ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

      byte[] expected = original.clone();
      naiveMask(expected, from, to, key, keyOffset);

      // Sometimes a slice, whose bytes start at an offset of its memory or array (odd, so that
      // the view's longs are not aligned to the memory's), and sometimes with a kept view.
      int offset = random.nextBoolean() ? 0 : 5;
      ByteBuffer whole = direct ? ByteBuffer.allocateDirect(capacity + offset)
          : ByteBuffer.allocate(capacity + offset);
      ByteBuffer buf = whole.position(offset).slice();
      buf.put(original).position(3 % (capacity + 1)).order(order);
      if (random.nextBoolean()) {
        Masker.mask(buf, Masker.longsOf(buf), from, to, key, keyOffset);
      } else {
        Masker.mask(buf, from, to, key, keyOffset);
      }

      byte[] actual = new byte[capacity];
      buf.get(0, actual);
      String context =
          "from=%d to=%d key=%08x keyOffset=%d direct=%s order=%s offset=%d"
              .formatted(from, to, key, keyOffset, direct, order, offset);
      assertThat(actual).as(context).isEqualTo(expected);
      assertThat(buf.order()).as(context).isEqualTo(order);
      assertThat(buf.position()).as(context).isEqualTo(3 % (capacity + 1));
    }
  }

  @Test
  void pieceByPieceWithKeyOffsetsEqualsOneCall() {
    Random random = new Random(7);
    byte[] data = new byte[1000];
    random.nextBytes(data);
    ByteBuffer whole = ByteBuffer.wrap(data.clone());
    Masker.mask(whole, 0, 1000, 0xA1B2C3D4, 0);
    ByteBuffer pieces = ByteBuffer.wrap(data.clone());
    int at = 0;
    while (at < 1000) {
      int end = Math.min(1000, at + 1 + random.nextInt(23));
      Masker.mask(pieces, at, end, 0xA1B2C3D4, at);
      at = end;
    }
    assertThat(pieces.array()).isEqualTo(whole.array());
  }

  @Test
  void maskingTwiceRestoresTheInput() {
    byte[] data = Rfc6455Vectors.pattern(77);
    ByteBuffer buf = ByteBuffer.wrap(data.clone());
    Masker.mask(buf, 0, 77, 0x0BADF00D, 3);
    assertThat(buf.array()).isNotEqualTo(data);
    Masker.mask(buf, 0, 77, 0x0BADF00D, 3);
    assertThat(buf.array()).isEqualTo(data);
  }

  @Test
  void readOnlyBufferIsRefusedAndKeepsItsByteOrder() {
    ByteBuffer readOnly = ByteBuffer.allocate(32).asReadOnlyBuffer();
    assertThatThrownBy(() -> Masker.mask(readOnly, 0, 32, -1, 0))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(readOnly.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThatThrownBy(() -> Masker.mask(readOnly, 0, 3, -1, 0))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void rangeBeyondTheLimitIsRejectedBeforeAnyByteChanges() {
    ByteBuffer buf = ByteBuffer.allocate(32).limit(16);
    assertThatThrownBy(() -> Masker.mask(buf, 0, 17, -1, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Masker.mask(buf, 5, 4, -1, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(buf.array()).containsOnly(0);
  }
}
