package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.RecordingListener.Binary;
import io.sockjet.protocol.RecordingListener.Text;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.deflate.DeflatePool;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.deflate.RawDeflater;
import io.sockjet.protocol.deflate.RawInflater;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.testkit.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * {@link PreparedFrame}: the exact bytes of RFC 6455 §5.7 and RFC 7692 §7.2.3, each length form,
 * compressed frames that inflate back, independent views per recipient, and which connections
 * {@link Connection#sendPrepared} lets a frame go to.
 */
class PreparedFrameTest {
  static final Zlib ZLIB = Zlib.system();
  static final DeflateConfig CONFIG = DeflateConfig.serverDefaults();
  /**
   * Claims every window, so that connections with windows under 15 can be made on any JDK; it
   * compresses with java.util.zip's 15 bits, which only the rule tests use (they inflate nothing).
   */
  static final Zlib ANY_WINDOW = new Zlib() {
    @Override
    public String name() {
      return "any-window";
    }

    @Override
    public boolean canDeflateWithWindow(int windowBits) {
      return true;
    }

    @Override
    public boolean honoursMemLevel() {
      return false;
    }

    @Override
    public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
      return Zlib.jdk().newDeflater(level, 15, memLevel);
    }

    @Override
    public RawInflater newInflater(int windowBits) {
      return Zlib.jdk().newInflater(15);
    }
  };

  static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(ByteBuffer view) {
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }

  static PreparedFrame compressed(int opcode, ByteBuffer payload, int windowBits) {
    Zlib zlib = windowBits == 15 ? ZLIB : ANY_WINDOW;
    return PreparedFrame.compressed(opcode, payload, new DeflatePool(zlib), CONFIG, windowBits);
  }

  /** A server connection's codec compressing with {@code windowBits}, with or without takeover. */
  static PerMessageDeflate codec(int windowBits, boolean takeover) {
    Zlib zlib = windowBits == 15 ? ZLIB : ANY_WINDOW;
    return new PerMessageDeflate(new DeflatePool(zlib), CONFIG.compressionLevel(),
        CONFIG.memLevel(), 0, windowBits, takeover, 15, takeover);
  }

  // ------------------------------------------------------------- bytes

  @Test
  void rfc6455Section57UnmaskedHelloIsTheSingleFrameExample() {
    PreparedFrame frame = PreparedFrame.of(Opcode.TEXT, utf8("Hello"));
    assertThat(Hex.of(frame.view())).isEqualTo("81 05 48 65 6c 6c 6f");
    assertThat(frame.length()).isEqualTo(7);
    assertThat(frame.isCompressed()).isFalse();
    assertThat(frame.windowBits()).isZero();
  }

  @Test
  void rfc6455Section57BinaryOf256BytesUsesThe16BitLength() {
    byte[] payload = new byte[256];
    new Random(1).nextBytes(payload);
    byte[] frame = bytes(PreparedFrame.of(Opcode.BINARY, ByteBuffer.wrap(payload)).view());
    assertThat(Hex.of(Arrays.copyOf(frame, 4))).isEqualTo("82 7e 01 00");
    assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
  }

  @Test
  void rfc6455Section57BinaryOf64KibUsesThe64BitLength() {
    byte[] payload = new byte[65536];
    new Random(2).nextBytes(payload);
    byte[] frame = bytes(PreparedFrame.of(Opcode.BINARY, ByteBuffer.wrap(payload)).view());
    assertThat(Hex.of(Arrays.copyOf(frame, 10))).isEqualTo("82 7f 00 00 00 00 00 01 00 00");
    assertThat(Arrays.copyOfRange(frame, 10, frame.length)).isEqualTo(payload);
  }

  @Test
  void lengthFormsChangeAt125And65535() {
    assertThat(Hex.of(Arrays.copyOf(bytes(binary(125).view()), 2))).isEqualTo("82 7d");
    assertThat(Hex.of(Arrays.copyOf(bytes(binary(126).view()), 4))).isEqualTo("82 7e 00 7e");
    assertThat(Hex.of(Arrays.copyOf(bytes(binary(65535).view()), 4))).isEqualTo("82 7e ff ff");
    assertThat(binary(0).length()).isEqualTo(2);
  }

  private static PreparedFrame binary(int length) {
    return PreparedFrame.of(Opcode.BINARY, ByteBuffer.allocate(length));
  }

  @Test
  void rfc7692Section7231CompressedHelloIsTheSingleFrameExample() {
    PreparedFrame frame = compressed(Opcode.TEXT, utf8("Hello"), 15);
    assertThat(Hex.of(frame.view())).isEqualTo("c1 07 f2 48 cd c9 c9 07 00");
    assertThat(frame.isCompressed()).isTrue();
    assertThat(frame.windowBits()).isEqualTo(15);
  }

  @Test
  void rfc7692Section7236EmptyMessageCompressesToOneZeroByte() {
    assertThat(Hex.of(compressed(Opcode.BINARY, ByteBuffer.allocate(0), 15).view()))
        .isEqualTo("c2 01 00");
  }

  @Test
  void compressedFrameInflatesBackToTheMessage() throws Exception {
    String text = "news for everyone, día 🎉, ".repeat(5_000); // over 64 KiB: the 127 form
    byte[] frame = bytes(compressed(Opcode.TEXT, utf8(text), 15).view());
    List<WireFrame> frames = WireFrame.parseAll(frame);
    assertThat(frames).hasSize(1);
    WireFrame f = frames.get(0);
    assertThat(f.fin()).isTrue();
    assertThat(f.rsv()).isEqualTo(4);
    assertThat(f.opcode()).isEqualTo(Opcode.TEXT);
    assertThat(f.masked()).isFalse();
    assertThat(f.payload().length).isLessThan(text.length() / 10);
    assertThat(new String(inflate(f.payload()), StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void compressedFrameIsReadByAClientWithoutContextTakeover() {
    byte[] noise = new byte[3000];
    new Random(3).nextBytes(noise);
    RecordingListener listener = new RecordingListener();
    Connection client = new Connection(Role.CLIENT, Limits.DEFAULTS, () -> 1, listener, (h, p, o) -> {});
    client.setPerMessageDeflate(codec(15, false));
    // Twice: each frame stands alone, as a connection without context takeover needs.
    for (int i = 0; i < 2; i++) {
      client.receive(compressed(Opcode.TEXT, utf8("Hello"), 15).view());
      client.receive(compressed(Opcode.BINARY, ByteBuffer.wrap(noise), 15).view());
    }
    assertThat(listener.drain()).containsExactly(new Text("Hello"), Binary.of(noise),
        new Text("Hello"), Binary.of(noise));
  }

  /** RFC 7692 §7.2.1: the sender removed the 00 00 ff ff tail; the receiver appends it. */
  static byte[] inflate(byte[] payload) throws Exception {
    Inflater inflater = new Inflater(true);
    byte[] tail = {0, 0, (byte) 0xff, (byte) 0xff};
    byte[] in = Arrays.copyOf(payload, payload.length + tail.length);
    System.arraycopy(tail, 0, in, payload.length, tail.length);
    inflater.setInput(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = inflater.inflate(chunk)) > 0) {
      out.write(chunk, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }

  // ------------------------------------------------------------- buffers

  @Test
  void viewsAreIndependentAndReadOnly() {
    PreparedFrame frame = PreparedFrame.of(Opcode.TEXT, utf8("Hello"));
    ByteBuffer first = frame.view();
    ByteBuffer second = frame.view();
    assertThat(first.isReadOnly()).isTrue();
    assertThatThrownBy(() -> first.put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);

    bytes(first); // one recipient's transport writes its view out
    assertThat(first.hasRemaining()).isFalse();
    assertThat(Hex.of(second)).isEqualTo("81 05 48 65 6c 6c 6f");
    assertThat(Hex.of(frame.view())).isEqualTo("81 05 48 65 6c 6c 6f");
    second.limit(2);
    assertThat(frame.view().remaining()).isEqualTo(7);
  }

  @Test
  void theCallersPayloadIsCopiedAndNotMoved() {
    ByteBuffer payload = utf8("xHello");
    payload.position(1);
    PreparedFrame frame = PreparedFrame.of(Opcode.TEXT, payload);
    PreparedFrame packed = compressed(Opcode.TEXT, payload, 15);
    assertThat(payload.position()).isEqualTo(1);
    payload.put(1, (byte) 'J'); // the caller reuses its buffer: the frames keep their bytes
    assertThat(Hex.of(frame.view())).isEqualTo("81 05 48 65 6c 6c 6f");
    assertThat(Hex.of(packed.view())).isEqualTo("c1 07 f2 48 cd c9 c9 07 00");
  }

  @Test
  void onlyWholeTextOrBinaryMessagesArePrepared() {
    for (int opcode : new int[] {Opcode.CONTINUATION, Opcode.CLOSE, Opcode.PING, Opcode.PONG, 3}) {
      assertThatThrownBy(() -> PreparedFrame.of(opcode, utf8("x")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> compressed(opcode, utf8("x"), 15))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ------------------------------------------------------------- who may send it

  @Test
  void aPlainFrameSuitsEveryConnection() {
    PreparedFrame plain = PreparedFrame.of(Opcode.TEXT, utf8("Hello"));
    assertThat(plain.suits(null)).isTrue();
    assertThat(plain.suits(codec(15, true))).isTrue();
    assertThat(plain.suits(codec(10, false))).isTrue();
  }

  @Test
  void aCompressedFrameSuitsOnlyItsWindowWithoutContextTakeover() {
    PreparedFrame packed = compressed(Opcode.TEXT, utf8("Hello"), 12);
    assertThat(packed.suits(codec(12, false))).isTrue();
    assertThat(packed.suits(null)).as("no compression agreed").isFalse();
    assertThat(packed.suits(codec(12, true))).as("server context takeover").isFalse();
    assertThat(packed.suits(codec(15, false))).as("another window").isFalse();
    assertThat(packed.suits(codec(11, false))).as("a smaller window").isFalse();
  }

  @Test
  void aServerSendsTheFrameAsItIs() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Connection server = server(wire, codec(15, false));
    server.sendPrepared(PreparedFrame.of(Opcode.TEXT, utf8("Hello")));
    server.sendPrepared(compressed(Opcode.TEXT, utf8("Hello"), 15));
    assertThat(Hex.of(wire.toByteArray()))
        .isEqualTo("81 05 48 65 6c 6c 6f c1 07 f2 48 cd c9 c9 07 00");
  }

  @Test
  void aConnectionRefusesACompressedFrameItDidNotAgreeTo() {
    PreparedFrame packed = compressed(Opcode.TEXT, utf8("Hello"), 15);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    assertThatThrownBy(() -> server(wire, null).sendPrepared(packed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server(wire, codec(15, true)).sendPrepared(packed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server(wire, codec(14, false)).sendPrepared(packed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(wire.size()).isZero();
  }

  @Test
  void aClientOrAFragmentedMessageInProgressRefusesIt() {
    PreparedFrame plain = PreparedFrame.of(Opcode.TEXT, utf8("Hello"));
    Connection client = new Connection(Role.CLIENT, Limits.DEFAULTS, () -> 1,
        new RecordingListener(), (h, p, o) -> {});
    assertThatThrownBy(() -> client.sendPrepared(plain)).isInstanceOf(IllegalStateException.class);

    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Connection server = server(wire, null);
    server.sendBinaryFragment(utf8("ab"), false);
    assertThatThrownBy(() -> server.sendPrepared(plain)).isInstanceOf(IllegalStateException.class);
    server.close(1000, "");
    assertThatThrownBy(() -> server.sendPrepared(plain)).isInstanceOf(IllegalStateException.class);
  }

  private static Connection server(ByteArrayOutputStream wire, PerMessageDeflate deflate) {
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, new RecordingListener(),
        (h, p, o) -> {
          wire.writeBytes(bytes(h));
          if (p != null) {
            wire.writeBytes(bytes(p));
          }
        });
    if (deflate != null) {
      c.setPerMessageDeflate(deflate);
    }
    return c;
  }

  @Test
  void thePayloadViewIsThePayloadAloneAndMovesNothing() {
    ByteBuffer payload = ByteBuffer.wrap("payload alone".getBytes(StandardCharsets.UTF_8));
    PreparedFrame frame = PreparedFrame.of(Opcode.TEXT, payload);
    ByteBuffer view = frame.payloadView();
    assertThat(view.isReadOnly()).isTrue();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    assertThat(bytes).isEqualTo(payload.array());
    assertThat(frame.payloadView().remaining()).as("each view its own position").isEqualTo(13);
    assertThat(frame.view().remaining()).isEqualTo(15);
  }
}
