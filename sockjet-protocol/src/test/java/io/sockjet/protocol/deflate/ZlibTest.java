package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link RawDeflater}/{@link RawInflater} contract, for every {@link Zlib} the running JDK
 * offers ({@link Implementations}), through every kind of buffer ({@link Memory}).
 */
class ZlibTest {
  private static final int MAX = Integer.MAX_VALUE;
  private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
  /** RFC 7692 §7.2.3.1: "Hello" compressed, with the sync flush's 00 00 ff ff still on. */
  private static final String HELLO_FLUSHED = "f2 48 cd c9 c9 07 00 00 00 ff ff";

  static List<Zlib> implementations() {
    return Implementations.all();
  }

  /** Every implementation with every buffer kind. */
  static List<Arguments> implementationsAndMemory() {
    List<Arguments> all = new ArrayList<>();
    for (Zlib zlib : Implementations.all()) {
      for (Memory memory : Memory.values()) {
        all.add(Arguments.of(zlib, memory));
      }
    }
    return all;
  }

  /**
   * Input piece sizes and output rooms: whole, byte by byte, odd sizes, and both sides of the
   * native binding's 16 KiB scratch. Rooms under 8 bytes take the deflaters' spill path.
   */
  static final int[][] SPLITS = {
    {MAX, 1 << 20}, {MAX, 1}, {1, 5}, {7, 13}, {1000, 4096}, {16384, 100}, {16385, 17},
    {50_000, 8}, {MAX, 16384}, {MAX, 16385}
  };

  static List<Arguments> roundTrips() {
    List<Arguments> all = new ArrayList<>();
    for (Zlib zlib : Implementations.all()) {
      for (Memory memory : Memory.values()) {
        for (int[] split : SPLITS) {
          all.add(Arguments.of(zlib, memory, split[0], split[1]));
        }
      }
    }
    return all;
  }

  @ParameterizedTest
  @MethodSource("implementationsAndMemory")
  void rfc7692Section7_2_3_1HelloCompressesToTheVector(Zlib zlib, Memory memory) {
    // Rooms of 1..7 go through the spill path and must not change a byte.
    for (int room : new int[] {1, 2, 5, 7, 64}) {
      RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
      assertThat(Hex.of(Driver.deflate(deflater, HELLO, MAX, room, memory)))
          .as("room %d", room)
          .isEqualTo(HELLO_FLUSHED);
      deflater.end();
    }
  }

  @ParameterizedTest
  @MethodSource("implementationsAndMemory")
  void rfc7692Section7_2_3_1VectorInflatesToHello(Zlib zlib, Memory memory) throws Exception {
    // The receiver's view: the payload without 00 00 ff ff, then the appended tail (§7.2.2).
    RawInflater inflater = zlib.newInflater(15);
    byte[] payload = Hex.bytes("f2 48 cd c9 c9 07 00");
    assertThat(Driver.inflate(inflater, payload, MAX, 1, memory)).isEqualTo(HELLO);
    assertThat(Driver.inflate(inflater, Hex.bytes("00 00 ff ff"), MAX, 64, memory)).isEmpty();
    assertThat(inflater.finished()).isFalse();
    inflater.end();
  }

  @ParameterizedTest
  @MethodSource("roundTrips")
  void textAndRandomDataRoundTripInEverySplit(Zlib zlib, Memory memory, int piece, int room)
      throws Exception {
    // Byte-sized splits mean a call per byte: less data there, still above the 16 KiB scratch.
    int size = Math.min(piece, room) < 64 ? 20_000 : 100_000;
    for (byte[] data : List.of(Samples.text(size), Samples.random(size / 2, piece))) {
      RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
      byte[] compressed = Driver.deflate(deflater, data, piece, room, memory);
      deflater.end();
      assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length))
          .isEqualTo(Hex.bytes("00 00 ff ff"));
      // Every implementation reads every other's output, split differently from the writer.
      for (Zlib reader : Implementations.all()) {
        RawInflater inflater = reader.newInflater(15);
        int readerRoom = Math.min(piece, 1 << 16);
        assertThat(Driver.inflate(inflater, compressed, room, readerRoom, memory))
            .as("%s reading %s", reader, zlib)
            .isEqualTo(data);
        inflater.end();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void outputDoesNotDependOnBufferKindOrInputPieces(Zlib zlib) {
    // A heap input bigger than the native scratch is fed in pieces; a sync flush after each
    // piece would change the bytes. Rooms stay ample: a flush filling out exactly may add a marker.
    byte[] data = Samples.text(100_000);
    byte[] reference = deflateOnce(zlib, data, MAX, Memory.HEAP);
    for (Memory memory : Memory.values()) {
      for (int piece : new int[] {1000, 16384, 16385, MAX}) {
        assertThat(deflateOnce(zlib, data, piece, memory))
            .as("%s in pieces of %d", memory, piece)
            .isEqualTo(reference);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void everySyncFlushEndsWithAnEmptyStoredBlock(Zlib zlib) {
    for (int bits = 8; bits <= 15; bits++) {
      RawDeflater deflater = zlib.newDeflater(-1, bits, 8);
      for (byte[] message :
          List.of(HELLO, Samples.text(3000), Samples.random(5000, 1), new byte[] {'x'})) {
        byte[] compressed = Driver.deflate(deflater, message, MAX, 1 << 16, Memory.HEAP);
        assertThat(Hex.of(compressed)).as("%d bits", bits).endsWith("00 00 ff ff");
      }
      deflater.end();
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void anEmptyMessageOnAFreshStreamIsOneEmptyStoredBlock(Zlib zlib) {
    // RFC 7692 §7.2.3.6: with the tail removed, the empty message is the single byte 00.
    for (int bits = 8; bits <= 15; bits++) {
      RawDeflater deflater = zlib.newDeflater(-1, bits, 8);
      assertThat(Hex.of(Driver.deflate(deflater, new byte[0], MAX, 64, Memory.HEAP)))
          .as("%d bits", bits)
          .isEqualTo("00 00 00 ff ff");
      deflater.end();
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void deflaterResetForgetsTheWindow(Zlib zlib) {
    byte[] message = Samples.text(600);
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    byte[] first = Driver.deflate(deflater, message, MAX, 4096, Memory.HEAP);
    byte[] repeated = Driver.deflate(deflater, message, MAX, 4096, Memory.HEAP);
    // With context takeover the repeat is one long back reference.
    assertThat(repeated.length).isLessThan(first.length / 4);
    deflater.reset();
    assertThat(Driver.deflate(deflater, message, MAX, 4096, Memory.HEAP)).isEqualTo(first);
    deflater.end();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void inflaterResetForgetsTheWindow(Zlib zlib) throws Exception {
    byte[] message = Samples.text(600);
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    byte[] first = Driver.deflate(deflater, message, MAX, 4096, Memory.HEAP);
    byte[] repeated = Driver.deflate(deflater, message, MAX, 4096, Memory.HEAP);
    deflater.end();

    RawInflater inflater = zlib.newInflater(15);
    assertThat(Driver.inflate(inflater, first, MAX, 4096, Memory.HEAP)).isEqualTo(message);
    assertThat(Driver.inflate(inflater, repeated, MAX, 4096, Memory.HEAP)).isEqualTo(message);
    inflater.reset();
    assertThat(Driver.inflate(inflater, first, MAX, 4096, Memory.HEAP)).isEqualTo(message);
    inflater.reset();
    // The repeat refers to the first message, which a reset inflater no longer has.
    assertThatThrownBy(() -> Driver.inflate(inflater, repeated, MAX, 4096, Memory.HEAP))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("too far back");
    inflater.end();
  }

  @ParameterizedTest
  @MethodSource("implementationsAndMemory")
  void corruptInputIsDataFormatExceptionWithZlibsMessage(Zlib zlib, Memory memory)
      throws Exception {
    RawInflater inflater = zlib.newInflater(15);
    // BFINAL=1, BTYPE=11: a reserved block type (RFC 1951 §3.2.3).
    assertThatThrownBy(() -> Driver.inflate(inflater, Hex.bytes("07 ff ff"), MAX, 64, memory))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("invalid block type");
    // reset() makes it usable again.
    inflater.reset();
    assertThat(Driver.inflate(inflater, Hex.bytes(HELLO_FLUSHED), MAX, 64, memory))
        .isEqualTo(HELLO);
    inflater.end();
  }

  @ParameterizedTest
  @MethodSource("implementationsAndMemory")
  void aFinalBlockFinishesTheStreamAndLeavesTheRestUnread(Zlib zlib, Memory memory)
      throws Exception {
    // RFC 7692 §7.2.3.3's "Hello" with BFINAL set (f3 instead of f2), then bytes past the end.
    byte[] data = Hex.bytes("f3 48 cd c9 c9 07 00 54 52 41 49 4c");
    RawInflater inflater = zlib.newInflater(15);
    ByteBuffer in = memory.input(data, 0, data.length);
    ByteBuffer out = memory.output(64);
    assertThat(inflater.inflate(in, out)).isEqualTo(5);
    assertThat(inflater.finished()).isTrue();
    assertThat(in.remaining()).as("the 5 trailing bytes").isEqualTo(5);
    assertThat(inflater.inflate(in, out)).as("nothing after the end").isZero();
    assertThat(in.remaining()).isEqualTo(5);
    inflater.reset();
    assertThat(inflater.finished()).isFalse();
    assertThat(Driver.inflate(inflater, Hex.bytes(HELLO_FLUSHED), MAX, 64, memory))
        .isEqualTo(HELLO);
    inflater.end();
  }

  /**
   * RFC 7692 §7.1.2: a peer that agreed a window of {@code w} bits may be unable to read a back
   * reference further than {@code 2^w} bytes. {@link ReferenceInflater} reads with exactly that
   * window, which zlib's inflaters cannot be made to do, and each message keeps the window of the
   * ones before it (context takeover), so references across messages are checked as well.
   */
  @ParameterizedTest
  @MethodSource("implementations")
  void everyWindowRfc7692AllowsIsHonoured(Zlib zlib) throws Exception {
    for (int bits = 8; bits <= 15; bits++) {
      assertThat(zlib.canDeflateWithWindow(bits)).isTrue();
      // Text repeats at short distances; the random block repeats just beyond the window.
      byte[] text = Samples.text(3000);
      byte[] far = Samples.twice(Samples.random((1 << bits) + 300, bits));
      for (int level : new int[] {0, 1, 6, 9}) {
        RawDeflater deflater = zlib.newDeflater(level, bits, 8);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(Driver.deflate(deflater, text, MAX, 4096, Memory.HEAP));
        stream.writeBytes(Driver.deflate(deflater, far, 1000, 4096, Memory.DIRECT));
        stream.writeBytes(Driver.deflate(deflater, text, MAX, 4096, Memory.HEAP));
        deflater.end();
        ReferenceInflater.Result read = ReferenceInflater.inflate(stream.toByteArray(), bits);
        assertThat(read.output()).isEqualTo(concat(text, far, text));
        assertThat(read.longestDistance()).isLessThanOrEqualTo(1 << bits);
      }
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void levelZeroStoresAndLevelNineCompresses(Zlib zlib) throws Exception {
    byte[] data = Samples.text(50_000);
    int stored = deflateAt(zlib, 0, data).length;
    int best = deflateAt(zlib, 9, data).length;
    assertThat(stored).isGreaterThan(data.length); // stored blocks add headers
    assertThat(best).isLessThan(data.length / 5);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void endIsIdempotent(Zlib zlib) {
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    Driver.deflate(deflater, HELLO, MAX, 64, Memory.DIRECT);
    deflater.end();
    deflater.end();
    RawInflater inflater = zlib.newInflater(15);
    inflater.end();
    inflater.end();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void outOfRangeSettingsAreRefused(Zlib zlib) {
    for (int level : new int[] {-2, 10}) {
      assertThatThrownBy(() -> zlib.newDeflater(level, 15, 8))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("level");
    }
    for (int memLevel : new int[] {0, 10}) {
      assertThatThrownBy(() -> zlib.newDeflater(-1, 15, memLevel))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("memLevel");
    }
    for (int windowBits : new int[] {7, 16}) {
      assertThat(zlib.canDeflateWithWindow(windowBits)).isFalse();
      assertThatThrownBy(() -> zlib.newDeflater(-1, windowBits, 8))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> zlib.newInflater(windowBits))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void aReadOnlyOutputIsRefused(Zlib zlib) {
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    ByteBuffer out = ByteBuffer.allocate(64).asReadOnlyBuffer();
    assertThatThrownBy(() -> deflater.deflate(ByteBuffer.wrap(HELLO), out, true))
        .isInstanceOf(ReadOnlyBufferException.class);
    deflater.end();
    RawInflater inflater = zlib.newInflater(15);
    assertThatThrownBy(() -> inflater.inflate(ByteBuffer.wrap(Hex.bytes(HELLO_FLUSHED)), out))
        .isInstanceOf(ReadOnlyBufferException.class);
    inflater.end();
  }

  private static byte[] deflateOnce(Zlib zlib, byte[] data, int piece, Memory memory) {
    RawDeflater deflater = zlib.newDeflater(-1, 15, 8);
    try {
      return Driver.deflate(deflater, data, piece, data.length + 1024, memory);
    } finally {
      deflater.end();
    }
  }

  private static byte[] deflateAt(Zlib zlib, int level, byte[] data) throws Exception {
    RawDeflater deflater = zlib.newDeflater(level, 15, 8);
    byte[] compressed = Driver.deflate(deflater, data, MAX, 1 << 17, Memory.HEAP);
    deflater.end();
    RawInflater inflater = zlib.newInflater(15);
    assertThat(Driver.inflate(inflater, compressed, MAX, 1 << 17, Memory.HEAP)).isEqualTo(data);
    inflater.end();
    return compressed;
  }
}
