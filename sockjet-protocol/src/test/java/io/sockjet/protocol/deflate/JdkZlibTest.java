package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What only {@code java.util.zip} does: its {@code Deflater} has no window or memory setting, so
 * it honours windows below 15 bits with Huffman codes only.
 */
class JdkZlibTest {
  private static final int MAX = Integer.MAX_VALUE;

  @Test
  void compressesBelow15BitsWithHuffmanCodesOnly() throws Exception {
    // Text repeats at every distance from a few bytes up, so any back reference would show.
    byte[] data = Samples.text(20_000);
    for (int bits = 8; bits < 15; bits++) {
      assertThat(Zlib.jdk().canDeflateWithWindow(bits)).isTrue();
      for (int level : new int[] {1, 6, 9}) {
        RawDeflater deflater = Zlib.jdk().newDeflater(level, bits, 8);
        // Twice: the second message starts after reset(), as without context takeover.
        for (int message = 0; message < 2; message++) {
          byte[] compressed = Driver.deflate(deflater, data, 7000, 1 << 16, Memory.HEAP);
          ReferenceInflater.Result read = ReferenceInflater.inflate(compressed, bits);
          assertThat(read.output()).isEqualTo(data);
          assertThat(read.backReferences()).as("back references at %d bits, level %d", bits, level).isZero();
          // Huffman codes still compress: ASCII text takes well under 8 bits a byte.
          assertThat(compressed.length).isLessThan(data.length * 3 / 4);
          deflater.reset();
        }
        deflater.end();
      }
    }
  }

  @Test
  void compressesWithItsWholeWindowAt15Bits() throws Exception {
    // The counterpart that makes the test above able to fail: at 15 bits the same text is full
    // of back references, and far smaller.
    byte[] data = Samples.text(20_000);
    RawDeflater deflater = Zlib.jdk().newDeflater(6, 15, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 1 << 16, Memory.HEAP);
    deflater.end();
    ReferenceInflater.Result read = ReferenceInflater.inflate(compressed, 15);
    assertThat(read.output()).isEqualTo(data);
    assertThat(read.backReferences()).isGreaterThan(100);
    assertThat(compressed.length).isLessThan(data.length / 8);
  }

  @Test
  void inflatesWithAnyAgreedWindow() {
    // Its Inflater always has 32 KiB, which reads streams made with any smaller window.
    for (int bits = 8; bits <= 15; bits++) {
      Zlib.jdk().newInflater(bits).end();
    }
  }

  @Test
  void ignoresMemLevelAndSaysSo() {
    assertThat(Zlib.jdk().honoursMemLevel()).isFalse();
    assertThat(Zlib.jdk().name()).isEqualTo("java.util.zip");
  }
}
