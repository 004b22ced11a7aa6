package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the system zlib binding does: every window size and memory level (RFC 7692 §7.1.2).
 * Runs on Java 22 and later; {@link Implementations} fails there if the binding is missing.
 */
class NativeZlibTest {
  private static final int MAX = Integer.MAX_VALUE;
  /**
   * Small output buffers: zlib's inflate may reach back into the output buffer of the current
   * call as well as into its window, so only a small room makes the window the limit.
   */
  private static final int ROOM = 64;

  private Zlib zlib;

  @BeforeEach
  void nativeBinding() {
    zlib = Implementations.nativeZlib();
    assumeTrue(zlib != null, "the FFM binding needs Java 22");
  }

  @Test
  void nameCarriesTheLibraryVersion() {
    assertThat(zlib.name()).matches("zlib 1\\.\\d+(\\.\\d+)*\\S* \\(native\\)");
    assertThat(zlib.honoursMemLevel()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 10, 11, 12, 13, 14, 15})
  void aWindowBitDeflaterNeverReachesFurtherThanItsWindow(int bits) throws Exception {
    // The block's only repeats lie 300 bytes beyond the window.
    byte[] data = Samples.twice(Samples.random((1 << bits) + 300, bits));
    RawDeflater deflater = zlib.newDeflater(-1, bits, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 1 << 17, Memory.DIRECT);
    deflater.end();
    RawInflater inflater = zlib.newInflater(bits);
    assertThat(Driver.inflate(inflater, compressed, MAX, ROOM, Memory.DIRECT)).isEqualTo(data);
    inflater.end();
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 10, 11, 12, 13, 14})
  void aWindowBitInflaterRejectsDistancesBeyondItsWindow(int bits) {
    // The counterpart that makes the test above able to fail: a 15-bit deflater does use the
    // distant repeats, and the smaller inflater refuses them.
    byte[] data = Samples.twice(Samples.random((1 << bits) + 300, bits));
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 1 << 17, Memory.DIRECT);
    deflater.end();
    assertThat(compressed.length).as("found the repeats").isLessThan(data.length * 3 / 4);
    RawInflater inflater = zlib.newInflater(bits);
    assertThatThrownBy(() -> Driver.inflate(inflater, compressed, MAX, ROOM, Memory.DIRECT))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("invalid distance too far back");
    inflater.end();
  }

  @Test
  void anEightBitWindowCompressesWithHuffmanCodesOnly() throws Exception {
    // Repeats at every distance from 3 up: any back reference would shrink this far below the
    // one bit per byte that literal codes alone need at the very least.
    byte[] data = Samples.text(20_000);
    RawDeflater deflater = zlib.newDeflater(9, 8, 8);
    assertThat(zlib.canDeflateWithWindow(8)).isTrue();
    byte[] huffmanOnly = Driver.deflate(deflater, data, MAX, 1 << 16, Memory.HEAP);
    deflater.end();
    assertThat(huffmanOnly.length).isGreaterThan(data.length / 8);

    RawDeflater nineBits = zlib.newDeflater(9, 9, 8);
    byte[] withMatches = Driver.deflate(nineBits, data, MAX, 1 << 16, Memory.HEAP);
    nineBits.end();
    assertThat(withMatches.length).isLessThan(data.length / 8);

    for (Zlib reader : Implementations.all()) {
      RawInflater inflater = reader.newInflater(8);
      assertThat(Driver.inflate(inflater, huffmanOnly, MAX, ROOM, Memory.HEAP)).isEqualTo(data);
      inflater.end();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
  void javaUtilZipOutputForASmallWindowInflatesInZlibWithThatWindow(int bits) throws Exception {
    // What a peer on zlib that agreed this window does with java.util.zip's Huffman-only output:
    // the same data at 15 bits reaches back beyond the window and is refused (the test above).
    byte[] data = Samples.twice(Samples.random((1 << bits) + 300, bits));
    RawDeflater deflater = Zlib.jdk().newDeflater(-1, bits, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 1 << 17, Memory.DIRECT);
    deflater.end();
    RawInflater inflater = zlib.newInflater(bits);
    assertThat(Driver.inflate(inflater, compressed, MAX, ROOM, Memory.DIRECT)).isEqualTo(data);
    inflater.end();
  }

  @Test
  void anEightBitInflaterAcceptsNineBitDistances() throws Exception {
    // Peers that agreed on 8 bits may compress with a 9-bit window (zlib refuses 8 for raw
    // deflate), so the 8-bit inflater takes repeats up to 512 bytes back. A 15-bit deflater
    // makes such a stream: zlib's own 9-bit one stays within 512 - 262 bytes.
    byte[] data = Samples.twice(Samples.random(400, 8));
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 4096, Memory.HEAP);
    deflater.end();
    assertThat(compressed.length).as("found the repeats").isLessThan(600);
    RawInflater inflater = zlib.newInflater(8);
    assertThat(Driver.inflate(inflater, compressed, MAX, ROOM, Memory.HEAP)).isEqualTo(data);
    inflater.end();
  }

  @Test
  void memLevelReachesZlib() throws Exception {
    // memLevel sizes the hash table and the block buffer, so the bytes differ.
    byte[] data = Samples.text(100_000);
    RawDeflater low = zlib.newDeflater(-1, 15, 1);
    RawDeflater high = zlib.newDeflater(-1, 15, 9);
    byte[] fromLow = Driver.deflate(low, data, MAX, 1 << 17, Memory.HEAP);
    byte[] fromHigh = Driver.deflate(high, data, MAX, 1 << 17, Memory.HEAP);
    low.end();
    high.end();
    assertThat(fromLow).isNotEqualTo(fromHigh);
    for (byte[] compressed : new byte[][] {fromLow, fromHigh}) {
      RawInflater inflater = zlib.newInflater(15);
      assertThat(Driver.inflate(inflater, compressed, MAX, 4096, Memory.HEAP)).isEqualTo(data);
      inflater.end();
    }
  }

  @Test
  void callsAfterEndAreRefusedNotCrashes() {
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    deflater.end();
    assertThatThrownBy(
            () -> deflater.deflate(ByteBuffer.allocate(1), ByteBuffer.allocate(64), true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(deflater::reset).isInstanceOf(IllegalStateException.class);
    RawInflater inflater = zlib.newInflater(15);
    inflater.end();
    assertThatThrownBy(() -> inflater.inflate(ByteBuffer.allocate(1), ByteBuffer.allocate(64)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(inflater::reset).isInstanceOf(IllegalStateException.class);
  }
}
