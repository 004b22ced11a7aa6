package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The test decoder against zlib: it must read what zlib writes (every block type, every level and
 * strategy) to the same bytes, and refuse exactly the references beyond its window, or the window
 * checks that rely on it would prove nothing.
 */
class ReferenceInflaterTest {

  @Test
  void readsRfc7692Section7_2_3_1HelloAFixedHuffmanBlock() throws Exception {
    ReferenceInflater.Result read = ReferenceInflater.inflate(Hex.bytes("f2 48 cd c9 c9 07 00 00 00 ff ff"), 15);
    assertThat(new String(read.output(), StandardCharsets.US_ASCII)).isEqualTo("Hello");
    assertThat(read.backReferences()).isZero();
  }

  @Test
  void readsRfc7692Section7_2_3_3TheFinalBlockWithStoredBlocks() throws Exception {
    // §7.2.3.3: "Hello" in a stored block with BFINAL=1 ends the stream.
    ReferenceInflater.Result read = ReferenceInflater.inflate(Hex.bytes("01 05 00 fa ff 48 65 6c 6c 6f"), 8);
    assertThat(new String(read.output(), StandardCharsets.US_ASCII)).isEqualTo("Hello");
  }

  @Test
  void readsWhatZlibWritesAtEveryLevelAndStrategy() throws Exception {
    byte[] data = Samples.text(60_000);
    for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}) {
      for (int level = 0; level <= 9; level++) {
        byte[] compressed = deflate(data, level, strategy);
        ReferenceInflater.Result read = ReferenceInflater.inflate(compressed, 15);
        assertThat(read.output()).as("level %d, strategy %d", level, strategy).isEqualTo(data);
        boolean matches = level > 0 && strategy != Deflater.HUFFMAN_ONLY;
        assertThat(read.backReferences() > 0).as("level %d, strategy %d", level, strategy).isEqualTo(matches);
      }
    }
  }

  @Test
  void refusesAReferenceBeyondItsWindowAndTakesOneAtItsEdge() throws Exception {
    for (int bits = 8; bits < 15; bits++) {
      // The only repeat is exactly 2^bits back: readable with that window, not with one less.
      byte[] data = Samples.twice(Samples.random(1 << bits, bits));
      RawDeflater deflater = Zlib.jdk().newDeflater(9, 15, 8);
      byte[] compressed = Driver.deflate(deflater, data, Integer.MAX_VALUE, 1 << 16, Memory.HEAP);
      deflater.end();
      ReferenceInflater.Result read = ReferenceInflater.inflate(compressed, bits);
      assertThat(read.output()).isEqualTo(data);
      assertThat(read.longestDistance()).isEqualTo(1 << bits);
      int smaller = bits - 1;
      assertThatThrownBy(() -> ReferenceInflater.inflate(compressed, smaller))
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining("too far back");
    }
  }

  @Test
  void refusesMalformedStreams() {
    // BTYPE=11 is reserved (RFC 1951 §3.2.3); a stored block whose NLEN is not ~LEN; a block cut short.
    for (String bad : new String[] {"07 ff ff", "01 05 00 00 00 48", "f2 48 cd"}) {
      assertThatThrownBy(() -> ReferenceInflater.inflate(Hex.bytes(bad), 15))
          .as(bad)
          .isInstanceOf(DataFormatException.class);
    }
  }

  /** {@code data} in one message, compressed by a bare {@link Deflater} with a chosen strategy. */
  private static byte[] deflate(byte[] data, int level, int strategy) {
    Deflater deflater = new Deflater(level, true);
    deflater.setStrategy(strategy);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] room = new byte[4096];
    int n;
    do {
      // zlib's rule: a flush is complete once a call leaves room to spare. The Deflater's first
      // call only applies the strategy, consuming nothing, hence the check on the input.
      n = deflater.deflate(room, 0, room.length, Deflater.SYNC_FLUSH);
      out.write(room, 0, n);
    } while (n == room.length || !deflater.needsInput());
    deflater.end();
    return out.toByteArray();
  }
}
