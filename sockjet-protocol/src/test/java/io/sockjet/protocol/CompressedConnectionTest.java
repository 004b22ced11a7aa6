package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.RecordingListener.Binary;
import io.sockjet.protocol.RecordingListener.Event;
import io.sockjet.protocol.RecordingListener.Failure;
import io.sockjet.protocol.RecordingListener.Text;
import io.sockjet.protocol.deflate.DeflatePool;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import io.sockjet.testkit.RawFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate inside a {@link Connection}: the byte examples of RFC 7692 §7.2.3 in both
 * directions and under every split of the input, the framing rules of §6, limits on what a
 * message inflates to, and the memory rules (nothing held while idle, pooled compressors
 * without context takeover).
 */
class CompressedConnectionTest {
  static final int KEY = 0x37fa213d;
  static final Zlib ZLIB = Zlib.system();

  /** A connection with its recorded events and the bytes it wrote. */
  static final class Peer {
    final RecordingListener listener = new RecordingListener();
    final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    final Connection connection;
    final PerMessageDeflate deflate;

    Peer(Role role, Limits limits, PerMessageDeflate deflate) {
      this.deflate = deflate;
      connection = new Connection(role, limits, () -> KEY, listener, (h, p, o) -> {
        write(h);
        if (p != null) {
          write(p);
        }
      });
      connection.setPerMessageDeflate(deflate);
    }

    private void write(ByteBuffer b) {
      byte[] a = new byte[b.remaining()];
      b.duplicate().get(a);
      wire.write(a, 0, a.length);
    }

    byte[] takeWire() {
      byte[] out = wire.toByteArray();
      wire.reset();
      return out;
    }

    List<WireFrame> frames() {
      return WireFrame.parseAll(takeWire());
    }
  }

  /** Every peer this test made; each must have had all its events asserted. */
  private final List<Peer> peers = new ArrayList<>();

  /** A peer checked for unexpected events when the test ends. */
  Peer peer(Role role, Limits limits, PerMessageDeflate deflate) {
    Peer peer = new Peer(role, limits, deflate);
    peers.add(peer);
    return peer;
  }

  @AfterEach
  void noUnexpectedEvents() {
    peers.forEach(p -> p.listener.assertExhausted());
  }

  static PerMessageDeflate codec(DeflatePool pool, boolean takeover) {
    return new PerMessageDeflate(pool, -1, 8, 0, 15, takeover, 15, takeover);
  }

  Peer client(boolean takeover) {
    return peer(Role.CLIENT, Limits.DEFAULTS, codec(new DeflatePool(ZLIB), takeover));
  }

  Peer server(boolean takeover) {
    return peer(Role.SERVER, Limits.DEFAULTS, codec(new DeflatePool(ZLIB), takeover));
  }

  /** Feeds {@code input} to a fresh client under every partition; all must agree. */
  List<Event> clientReceives(boolean takeover, byte[] input) {
    Peer first = client(takeover);
    first.connection.receive(ByteBuffer.wrap(input.clone()));
    List<Event> expected = first.listener.drain();
    Partitions.forEach(input, chunks -> {
      Peer p = client(takeover);
      for (byte[] chunk : chunks) {
        p.connection.receive(ByteBuffer.wrap(chunk));
      }
      assertThat(p.listener.drain()).as("events under a split").isEqualTo(expected);
    });
    return expected;
  }

  // ------------------------------------------------------------- RFC 7692 §7.2.3

  @ParameterizedTest(name = "§7.2.3 {0}")
  @ValueSource(strings = {
      "c1 07 f2 48 cd c9 c9 07 00", // §7.2.3.1, one compressed frame
      "41 03 f2 48 cd 80 04 c9 c9 07 00", // §7.2.3.1, fragmented
      "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00", // §7.2.3.3, a stored block
      "c1 08 f3 48 cd c9 c9 07 00 00", // §7.2.3.4, BFINAL set
      "c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00", // §7.2.3.5, two blocks
  })
  void rfcExamplesInflateToHello(String hex) {
    assertThat(clientReceives(true, Hex.bytes(hex))).containsExactly(new Text("Hello"));
    assertThat(clientReceives(false, Hex.bytes(hex))).containsExactly(new Text("Hello"));
  }

  @Test
  void rfcEmptyMessageIsOneZeroByte() {
    // §7.2.3.6: an empty message compresses to a single 0x00 octet.
    assertThat(clientReceives(true, Hex.bytes("c1 01 00"))).containsExactly(new Text(""));
    Peer server = server(true);
    server.connection.sendText("");
    assertThat(Hex.of(server.takeWire())).isEqualTo("c1 01 00");
  }

  @Test
  void rfcSharedWindowReferencesThePreviousMessage() {
    // §7.2.3.2: the second "Hello" is a back reference into the first.
    byte[] both = Hex.bytes("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");
    assertThat(clientReceives(true, both)).containsExactly(new Text("Hello"), new Text("Hello"));
    // Without context takeover the window is empty, so the reference is corrupt data: 1007.
    List<Event> events = clientReceives(false, both);
    assertThat(events).containsExactly(new Text("Hello"),
        new Failure(Violation.INVALID_COMPRESSED_DATA));
  }

  @Test
  void sendsTheRfcBytesWithAndWithoutContextTakeover() {
    Peer takeover = server(true);
    takeover.connection.sendText("Hello");
    takeover.connection.sendText("Hello");
    assertThat(Hex.of(takeover.takeWire()))
        .isEqualTo("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");

    Peer fresh = server(false);
    fresh.connection.sendText("Hello");
    fresh.connection.sendText("Hello");
    assertThat(Hex.of(fresh.takeWire()))
        .isEqualTo("c1 07 f2 48 cd c9 c9 07 00 c1 07 f2 48 cd c9 c9 07 00");
  }

  // ------------------------------------------------------------- round trips

  @ParameterizedTest(name = "takeover={0}")
  @ValueSource(booleans = {true, false})
  void clientAndServerRoundTripLargeAndRepeatedMessages(boolean takeover) {
    Peer client = client(takeover);
    Peer server = server(takeover);
    Random random = new Random(7);
    byte[] noise = new byte[300_000];
    random.nextBytes(noise);
    String text = "día 🎉 ".repeat(40_000);
    for (int round = 0; round < 3; round++) {
      client.connection.sendText(text);
      client.connection.sendBinary(ByteBuffer.wrap(noise));
      server.connection.receive(ByteBuffer.wrap(client.takeWire()));
      assertThat(server.listener.drain()).containsExactly(new Text(text), Binary.of(noise));

      server.connection.sendText(text);
      server.connection.sendBinary(ByteBuffer.wrap(noise));
      byte[] wire = server.takeWire();
      assertThat(wire.length).as("text compresses").isLessThan(noise.length + text.length() / 4);
      client.connection.receive(ByteBuffer.wrap(wire));
      assertThat(client.listener.drain()).containsExactly(new Text(text), Binary.of(noise));
    }
  }

  @ParameterizedTest(name = "window {0} bits")
  @ValueSource(ints = {8, 9, 10, 12, 15})
  void smallWindowsRoundTripWithEitherZlibOnEitherSide(int bits) {
    // java.util.zip on one side and the best zlib here on the other, then the other way round.
    for (Zlib serverZlib : List.of(Zlib.jdk(), ZLIB)) {
      Zlib clientZlib = serverZlib == ZLIB ? Zlib.jdk() : ZLIB;
      roundTripWithWindow(bits, new DeflatePool(serverZlib), new DeflatePool(clientZlib));
    }
  }

  private void roundTripWithWindow(int bits, DeflatePool serverPool, DeflatePool clientPool) {
    Peer server = peer(Role.SERVER, Limits.DEFAULTS,
        new PerMessageDeflate(serverPool, -1, 1, 0, bits, true, bits, true));
    Peer client = peer(Role.CLIENT, Limits.DEFAULTS,
        new PerMessageDeflate(clientPool, -1, 1, 0, bits, true, bits, true));
    // Repeats at distances beyond small windows: a compressor that ignored its window would
    // produce back references the peer's small-window decompressor rejects (1007).
    Random random = new Random(bits);
    byte[] block = new byte[3000];
    random.nextBytes(block);
    byte[] data = new byte[30_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = block[i % block.length];
    }
    for (int round = 0; round < 3; round++) {
      server.connection.sendBinary(ByteBuffer.wrap(data));
      client.connection.receive(ByteBuffer.wrap(server.takeWire()));
      assertThat(client.listener.drain()).containsExactly(Binary.of(data));
      client.connection.sendBinary(ByteBuffer.wrap(data));
      server.connection.receive(ByteBuffer.wrap(client.takeWire()));
      assertThat(server.listener.drain()).containsExactly(Binary.of(data));
    }
  }

  @Test
  void fragmentedSendsSetRsv1OnTheFirstFrameOnlyAndInflateAsTheyArrive() {
    Peer server = server(true);
    Peer client = client(true);
    server.connection.sendTextFragment("Hel", false);
    server.connection.sendTextFragment("lo ", false);
    server.connection.sendTextFragment("", false);
    server.connection.sendTextFragment("world", true);
    byte[] wire = server.takeWire();
    List<WireFrame> frames = WireFrame.parseAll(wire);
    assertThat(frames).extracting(WireFrame::rsv).containsExactly(4, 0, 0, 0);
    assertThat(frames).extracting(WireFrame::opcode)
        .containsExactly(Opcode.TEXT, Opcode.CONTINUATION, Opcode.CONTINUATION, Opcode.CONTINUATION);
    client.connection.receive(ByteBuffer.wrap(wire));
    assertThat(client.listener.drain()).containsExactly(new Text("Hello world"));
  }

  @Test
  void aFragmentedMessageEndingWithAnEmptyFragmentStaysDecodable() {
    Peer server = server(true);
    Peer client = client(true);
    server.connection.sendBinaryFragment(ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
    server.connection.sendBinaryFragment(ByteBuffer.allocate(0), true);
    server.connection.sendText("after"); // the window must still be in step
    client.connection.receive(ByteBuffer.wrap(server.takeWire()));
    assertThat(client.listener.drain())
        .containsExactly(Binary.of(new byte[] {1, 2, 3}), new Text("after"));
  }

  @Test
  void messagesUnderTheThresholdGoUncompressed() {
    PerMessageDeflate deflate = new PerMessageDeflate(new DeflatePool(ZLIB), -1, 8, 16, 15, true, 15, true);
    Peer server = peer(Role.SERVER, Limits.DEFAULTS, deflate);
    server.connection.sendText("short");
    server.connection.sendText("a longer message than sixteen bytes");
    server.connection.ping(ByteBuffer.wrap(new byte[] {9}));
    List<WireFrame> frames = server.frames();
    assertThat(frames).extracting(WireFrame::rsv).containsExactly(0, 4, 0);
    assertThat(new String(frames.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("short");
  }

  // ------------------------------------------------------------- bad peers

  @Test
  void aDecompressionBombStopsAtTheMessageLimitWithBoundedDelivery() {
    int limit = 1 << 20;
    byte[] zeros = new byte[64 << 20]; // 64 MiB of zeros: about 64 KiB compressed
    ByteBuffer bomb = PerMessageDeflate.compressOnce(new DeflatePool(ZLIB), 9, 15, 9, ByteBuffer.wrap(zeros));
    assertThat(bomb.remaining()).isLessThan(limit);
    long[] delivered = {0};
    ConnectionListener listener = new ConnectionListener() {
      @Override
      public void onMessageStart(boolean text, long sizeHint, boolean whole) {}

      @Override
      public void onMessageData(ByteBuffer data) {
        delivered[0] += data.remaining();
      }

      @Override
      public void onMessageEnd() {}

      @Override
      public void onPing(ByteBuffer payload) {}

      @Override
      public void onPong(ByteBuffer payload) {}

      @Override
      public void onCloseFrame(io.sockjet.protocol.frame.CloseStatus status) {}

      @Override
      public void onViolation(ProtocolViolation violation) {}
    };
    Connection server = new Connection(Role.SERVER, new Limits(limit, limit, 16), null, listener, (h, p, o) -> {});
    server.setPerMessageDeflate(codec(new DeflatePool(ZLIB), true));
    byte[] frame = RawFrame.of(Opcode.BINARY).rsv(4).payload(array(bomb)).mask(KEY).bytes();
    server.receive(ByteBuffer.wrap(frame));
    assertThat(server.failure().violation()).isEqualTo(Violation.MESSAGE_TOO_BIG);
    assertThat(server.closeSent().code()).isEqualTo(1009);
    assertThat(delivered[0]).isLessThanOrEqualTo(limit);
  }

  @Test
  void corruptDataFailsWith1007() {
    List<Event> events = clientReceives(true, Hex.bytes("c1 04 ff ff ff ff"));
    assertThat(events).containsExactly(new Failure(Violation.INVALID_COMPRESSED_DATA));
  }

  @Test
  void invalidUtf8IsCaughtAfterInflating() {
    byte[] bad = {'o', 'k', (byte) 0xc3, (byte) 0x28};
    ByteBuffer compressed = PerMessageDeflate.compressOnce(new DeflatePool(ZLIB), -1, 15, 8, ByteBuffer.wrap(bad));
    byte[] frame = RawFrame.of(Opcode.TEXT).rsv(4).payload(array(compressed)).bytes();
    assertThat(clientReceives(true, frame)).containsExactly(new Failure(Violation.INVALID_UTF8));
  }

  @Test
  void rsv1OnAContinuationOrControlFrameFails() {
    byte[] continuation = RawFrame.concat(
        RawFrame.of(Opcode.TEXT).fin(false).rsv(4).payload(Hex.bytes("f2 48 cd")).bytes(),
        RawFrame.of(Opcode.CONTINUATION).rsv(4).payload(Hex.bytes("c9 c9 07 00")).bytes());
    assertThat(clientReceives(true, continuation))
        .containsExactly(new Failure(Violation.MISPLACED_COMPRESSED_BIT));
    byte[] ping = RawFrame.of(Opcode.PING).rsv(4).payload("x").bytes();
    assertThat(clientReceives(true, ping)).containsExactly(new Failure(Violation.MISPLACED_COMPRESSED_BIT));
  }

  @Test
  void rsv1WithoutTheExtensionIsAReservedBitViolation() {
    List<Event> events = ConnectionTest.everyPartition(Role.CLIENT, Limits.DEFAULTS,
        Hex.bytes("c1 07 f2 48 cd c9 c9 07 00")).events();
    assertThat(events).containsExactly(new Failure(Violation.RESERVED_BITS));
  }

  // ------------------------------------------------------------- memory

  @Test
  void idleConnectionsHoldNoCompressorAndTakeoverConnectionsKeepTheirs() {
    DeflatePool pool = new DeflatePool(ZLIB);
    Peer server = peer(Role.SERVER, Limits.DEFAULTS, codec(pool, true));
    assertThat(server.deflate.holdsContext()).isFalse();
    server.connection.sendText("Hello");
    assertThat(server.deflate.holdsContext()).isTrue();
    server.connection.transportClosed();
    assertThat(server.deflate.holdsContext()).isFalse();
  }

  @Test
  void connectionsWithoutContextTakeoverShareThePoolsCompressors() {
    DeflatePool pool = new DeflatePool(ZLIB);
    Peer client = client(false);
    List<Peer> servers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Peer server = peer(Role.SERVER, Limits.DEFAULTS, codec(pool, false));
      servers.add(server);
      server.connection.sendText("message number " + i + " to every connection");
      client.connection.sendText("reply number " + i);
      server.connection.receive(ByteBuffer.wrap(client.takeWire()));
      assertThat(server.listener.drain()).containsExactly(new Text("reply number " + i));
      assertThat(server.deflate.holdsContext()).isFalse();
    }
    assertThat(pool.deflatersCreated()).isEqualTo(1);
    assertThat(pool.inflatersCreated()).isEqualTo(1);
  }

  @Test
  void oneCompressionServesEveryConnectionWithoutContextTakeover() {
    ByteBuffer once = PerMessageDeflate.compressOnce(new DeflatePool(ZLIB), -1, 15, 8,
        ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)));
    assertThat(Hex.of(once)).isEqualTo("f2 48 cd c9 c9 07 00");
  }

  private static byte[] array(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
