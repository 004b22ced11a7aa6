package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

  @Test
  void unfragmentedMessageEndsInAnExactlySizedArray() throws Exception {
    MessageAssembler a = new MessageAssembler();
    a.start(false, 5);
    a.append(ByteBuffer.wrap(new byte[] {1, 2}));
    a.append(ByteBuffer.wrap(new byte[] {3, 4, 5}));
    ByteBuffer out = a.binary();
    assertThat(out.array()).containsExactly(1, 2, 3, 4, 5);
  }

  private static byte[] buffer(MessageAssembler a) throws Exception {
    var field = MessageAssembler.class.getDeclaredField("bytes");
    field.setAccessible(true);
    return (byte[]) field.get(a);
  }

  @Test
  void wholeMessagesOnOneThreadShareOneBuffer() throws Exception {
    MessageAssembler a = new MessageAssembler();
    MessageAssembler b = new MessageAssembler();
    a.start(true, 3);
    a.append(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));
    byte[] used = buffer(a);
    assertThat(a.text()).isEqualTo("abc");
    a.reset();
    b.start(true, 2);
    assertThat(buffer(b)).isSameAs(used);
    b.append(ByteBuffer.wrap("de".getBytes(StandardCharsets.UTF_8)));
    assertThat(b.text()).isEqualTo("de");
  }

  @Test
  void aSecondAssemblerFindingTheBufferTakenUsesItsOwn() throws Exception {
    MessageAssembler a = new MessageAssembler();
    MessageAssembler b = new MessageAssembler();
    a.start(false, 4);
    b.start(false, 4);
    assertThat(buffer(b)).isNotSameAs(buffer(a));
    a.append(ByteBuffer.wrap(new byte[] {1, 2}));
    b.append(ByteBuffer.wrap(new byte[] {9, 9}));
    a.append(ByteBuffer.wrap(new byte[] {3, 4}));
    b.append(ByteBuffer.wrap(new byte[] {8, 8}));
    assertThat(a.binary().array()).containsExactly(1, 2, 3, 4);
    assertThat(b.binary().array()).containsExactly(9, 9, 8, 8);
  }

  @Test
  void aDetachedMessageKeepsItsBytesWhileAnotherUsesTheThreadsBuffer() throws Exception {
    MessageAssembler a = new MessageAssembler();
    MessageAssembler b = new MessageAssembler();
    a.start(true, 6);
    a.append(ByteBuffer.wrap("hel".getBytes(StandardCharsets.UTF_8)));
    a.detach(); // end of a read: a's message is still in progress
    b.start(true, 3);
    b.append(ByteBuffer.wrap("xyz".getBytes(StandardCharsets.UTF_8)));
    assertThat(b.text()).isEqualTo("xyz");
    b.reset();
    a.append(ByteBuffer.wrap("lo!".getBytes(StandardCharsets.UTF_8)));
    assertThat(a.text()).isEqualTo("hello!");
  }

  @Test
  void announcedSizeIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    MessageAssembler a = new MessageAssembler();
    a.start(false, 64L << 20); // a peer announces 64 MiB and sends one byte
    a.append(ByteBuffer.wrap(new byte[] {7}));
    var field = MessageAssembler.class.getDeclaredField("bytes");
    field.setAccessible(true);
    assertThat(((byte[]) field.get(a)).length).isLessThanOrEqualTo(MessageAssembler.FIRST_CAPACITY);
  }

  @Test
  void fragmentedTextGrowsAndDecodes() throws Exception {
    MessageAssembler a = new MessageAssembler();
    a.start(true, 1);
    String expected = "κόσμε".repeat(20_000);
    byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      a.append(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
    }
    assertThat(a.isText()).isTrue();
    assertThat(a.length()).isEqualTo(bytes.length);
    assertThat(a.text()).isEqualTo(expected);
  }

  @Test
  void resetReleasesTheBuffer() throws Exception {
    MessageAssembler a = new MessageAssembler();
    a.start(false, 10);
    a.append(ByteBuffer.wrap(new byte[3]));
    a.reset();
    var field = MessageAssembler.class.getDeclaredField("bytes");
    field.setAccessible(true);
    assertThat(field.get(a)).isNull();
    assertThat(a.length()).isZero();
  }

  /** A read buffer holding a header's worth of other bytes, then the message, then more. */
  private static ByteBuffer pieceOf(ByteBuffer read, int from, int to) {
    return read.duplicate().limit(to).position(from);
  }

  @Test
  void aWholeBinaryMessageInOnePieceIsLentWhereItArrivedWithoutACopy() throws Exception {
    ByteBuffer read = ByteBuffer.allocateDirect(64);
    for (int i = 0; i < 64; i++) {
      read.put(i, (byte) i);
    }
    ByteBuffer piece = pieceOf(read, 10, 50);
    MessageAssembler a = new MessageAssembler();
    a.start(false, 40, true);
    a.append(piece);
    assertThat(piece.hasRemaining()).as("append consumes the piece").isFalse();
    ByteBuffer lent = a.lend();
    assertThat(lent).isSameAs(piece);
    assertThat(lent.position()).isEqualTo(10);
    assertThat(lent.remaining()).isEqualTo(40);
    read.put(10, (byte) 99); // the same memory: nothing was copied
    assertThat(lent.get(10)).isEqualTo((byte) 99);
    a.reset();
  }

  @Test
  void aMessageHeldInPlaceIsCopiedWhenTheCallerStopsFeedingOrWantsItsOwn() throws Exception {
    ByteBuffer read = ByteBuffer.allocate(100);
    for (int i = 0; i < 100; i++) {
      read.put(i, (byte) i);
    }
    MessageAssembler a = new MessageAssembler();
    a.start(false, 30, true);
    a.append(pieceOf(read, 5, 35));
    a.detach(); // the read buffer is about to be reused
    read.put(5, (byte) -1);
    ByteBuffer kept = a.lend();
    assertThat(kept.get(kept.position())).isEqualTo((byte) 5);
    assertThat(kept.remaining()).isEqualTo(30);
    a.reset();

    a.start(false, 20_000, true); // larger than the thread's buffer
    ByteBuffer big = ByteBuffer.allocateDirect(20_010);
    big.put(9, (byte) 42);
    a.append(pieceOf(big, 9, 20_009));
    ByteBuffer own = a.binary();
    big.put(9, (byte) 0);
    assertThat(own.remaining()).isEqualTo(20_000);
    assertThat(own.get(0)).isEqualTo((byte) 42);
  }

  @Test
  void aWholeMessageArrivingInPiecesIsGatheredAsAnyOther() throws Exception {
    MessageAssembler a = new MessageAssembler();
    a.start(false, 4, true);
    a.append(ByteBuffer.wrap(new byte[] {1, 2}));
    a.append(ByteBuffer.wrap(new byte[] {3, 4}));
    assertThat(a.binary().array()).containsExactly(1, 2, 3, 4);

    a.start(true, 3, true); // text is decoded from an array: gathered, never held in place
    ByteBuffer text = ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8));
    a.append(text);
    text.put(0, (byte) 'z');
    assertThat(a.text()).isEqualTo("abc");
    a.reset(); // hands the thread's buffer back for the tests that follow on this thread
  }
}
