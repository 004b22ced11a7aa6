package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

  @Test
  void unfragmentedMessageEndsInAnExactlySizedArray() {
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
  void aDetachedMessageKeepsItsBytesWhileAnotherUsesTheThreadsBuffer() {
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
  void fragmentedTextGrowsAndDecodes() {
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
}
