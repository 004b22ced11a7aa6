package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

  @Test
  void unfragmentedMessageEndsInAnExactlySizedArrayWithoutCopy() {
    MessageAssembler a = new MessageAssembler();
    a.start(false, 5);
    a.append(ByteBuffer.wrap(new byte[] {1, 2}));
    a.append(ByteBuffer.wrap(new byte[] {3, 4, 5}));
    ByteBuffer out = a.binary();
    assertThat(out.array()).containsExactly(1, 2, 3, 4, 5);
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
