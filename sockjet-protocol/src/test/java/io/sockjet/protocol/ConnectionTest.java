package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.protocol.RecordingListener.Binary;
import io.sockjet.protocol.RecordingListener.Close;
import io.sockjet.protocol.RecordingListener.Event;
import io.sockjet.protocol.RecordingListener.Failure;
import io.sockjet.protocol.RecordingListener.Ping;
import io.sockjet.protocol.RecordingListener.Pong;
import io.sockjet.protocol.RecordingListener.Text;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import io.sockjet.testkit.RawFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receive rules of RFC 6455, table-driven and grouped as conformance suites group them
 * (framing, pings/pongs, reserved bits, opcodes, fragmentation, UTF-8, close handling, limits).
 * Every case is fed through every partition of its input and must give the same events and the
 * same output frames however the bytes are split.
 */
class ConnectionTest {
  static final int KEY = 0x37fa213d;
  static final Limits SMALL = new Limits(1024, 4096, 8);

  /** Every listener this test made; each must have had all its events asserted. */
  private final List<RecordingListener> listeners = new ArrayList<>();

  /** A recording listener checked for unexpected events when the test ends. */
  private RecordingListener listener() {
    RecordingListener listener = new RecordingListener();
    listeners.add(listener);
    return listener;
  }

  @AfterEach
  void noUnexpectedEvents() {
    listeners.forEach(RecordingListener::assertExhausted);
  }

  /** What one run of a connection produced. */
  record Result(List<Event> events, List<WireFrame> sent, ConnectionState state, CloseOutcome outcome) {
    List<Integer> sentOpcodes() {
      return sent.stream().map(WireFrame::opcode).toList();
    }
  }

  static Result run(Role role, Limits limits, List<byte[]> chunks) {
    RecordingListener listener = new RecordingListener();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(role, limits, () -> KEY, listener, (h, p, o) -> {
      write(out, h);
      if (p != null) {
        write(out, p);
      }
    });
    for (byte[] chunk : chunks) {
      c.receive(ByteBuffer.wrap(chunk));
    }
    return new Result(listener.drain(), WireFrame.parseAll(out.toByteArray()), c.state(), c.outcome());
  }

  static void write(ByteArrayOutputStream out, ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    out.write(a, 0, a.length);
  }

  /** Runs the input through every partition; asserts all agree; returns the result. */
  static Result server(byte[] input) {
    return everyPartition(Role.SERVER, Limits.DEFAULTS, input);
  }

  static Result everyPartition(Role role, Limits limits, byte[] input) {
    Result first = run(role, limits, List.of(input.clone()));
    Partitions.forEach(input, chunks -> {
      Result r = run(role, limits, chunks);
      assertThat(r.events()).as("events under a split").isEqualTo(first.events());
      assertThat(r.sent()).usingRecursiveFieldByFieldElementComparator()
          .as("frames sent under a split").isEqualTo(first.sent());
    });
    return first;
  }

  static byte[] masked(int opcode, String payload) {
    return RawFrame.of(opcode).payload(payload).mask(KEY).bytes();
  }

  static byte[] closeFrame(int code, byte[] reason) {
    byte[] p = new byte[2 + reason.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(reason, 0, p, 2, reason.length);
    return RawFrame.of(Opcode.CLOSE).payload(p).mask(KEY).bytes();
  }

  static void assertFailed(Result r, Violation violation) {
    assertThat(r.events()).last().isEqualTo(new Failure(violation));
    assertThat(r.sent()).as("exactly one close frame after a violation").hasSize(1);
    assertThat(r.sent().get(0).opcode()).isEqualTo(Opcode.CLOSE);
    assertThat(r.sent().get(0).closeCode()).isEqualTo(violation.closeCode());
    assertThat(r.state()).isEqualTo(ConnectionState.CLOSING);
    assertThat(r.outcome().code()).isEqualTo(violation.closeCode());
    assertThat(r.outcome().clean()).isFalse();
  }

  // ------------------------------------------------------------------ framing (RFC 6455 §5.2, §5.7)

  @Test
  void rfc6455Section57MaskedTextIsDecoded() {
    Result r = server(Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    assertThat(r.events()).containsExactly(new Text("Hello"));
    assertThat(r.sent()).isEmpty();
    assertThat(r.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void rfc6455Section57UnmaskedTextIsDecodedByClient() {
    Result r = everyPartition(Role.CLIENT, Limits.DEFAULTS, Hex.bytes("81 05 48 65 6c 6c 6f"));
    assertThat(r.events()).containsExactly(new Text("Hello"));
  }

  @Test
  void serverRejectsUnmaskedFrame() {
    assertFailed(server(Hex.bytes("81 05 48 65 6c 6c 6f")), Violation.UNMASKED_FRAME);
  }

  @Test
  void clientRejectsMaskedFrame() {
    assertFailed(everyPartition(Role.CLIENT, Limits.DEFAULTS, masked(Opcode.TEXT, "Hello")),
        Violation.MASKED_FRAME);
  }

  @Test
  void sixtyFourBitLengthWithTopBitSetIsProtocolError() {
    byte[] header = Hex.bytes("82 ff 80 00 00 00 00 00 00 00 37 fa 21 3d");
    assertFailed(server(header), Violation.LENGTH_OUT_OF_RANGE);
  }

  @Test
  void binaryMessagesOfEveryLengthEncodingAreDecoded() {
    for (int n : new int[] {0, 1, 125, 126, 65535, 65536}) {
      byte[] payload = new byte[n];
      for (int i = 0; i < n; i++) {
        payload[i] = (byte) (i * 31);
      }
      List<Event> events = run(Role.SERVER, Limits.DEFAULTS,
          List.of(RawFrame.of(Opcode.BINARY).payload(payload).mask(KEY).bytes())).events();
      assertThat(events).as("length " + n).containsExactly(Binary.of(payload));
    }
  }

  // ------------------------------------------------------------------ reserved bits and opcodes (§5.2)

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void reservedBitsWithoutExtensionAreProtocolError(int rsv) {
    assertFailed(server(RawFrame.of(Opcode.TEXT).rsv(rsv).payload("x").mask(KEY).bytes()),
        Violation.RESERVED_BITS);
  }

  @Test
  void reservedBitAllowedByExtensionIsAccepted() {
    RecordingListener listener = listener();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, (h, p, o) -> {});
    c.setAllowedRsv(4);
    c.receive(ByteBuffer.wrap(RawFrame.of(Opcode.TEXT).rsv(4).payload("x").mask(KEY).bytes()));
    assertThat(listener.drain()).containsExactly(new Text("x"));
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf})
  void reservedOpcodesAreProtocolError(int opcode) {
    assertFailed(server(RawFrame.of(opcode).payload("x").mask(KEY).bytes()), Violation.UNKNOWN_OPCODE);
  }

  // ------------------------------------------------------------------ pings and pongs (§5.5.2, §5.5.3)

  @Test
  void pingIsAnsweredWithPongCarryingTheSamePayload() {
    Result r = server(masked(Opcode.PING, "Hello"));
    assertThat(r.events()).containsExactly(new Ping("Hello"));
    assertThat(r.sent()).hasSize(1);
    assertThat(r.sent().get(0).opcode()).isEqualTo(Opcode.PONG);
    assertThat(r.sent().get(0).masked()).as("a server never masks").isFalse();
    assertThat(new String(r.sent().get(0).payload(), StandardCharsets.US_ASCII)).isEqualTo("Hello");
  }

  @Test
  void pingWith125BytesIsLegal() {
    String payload = "p".repeat(125);
    assertThat(server(masked(Opcode.PING, payload)).events()).containsExactly(new Ping(payload));
  }

  @Test
  void controlFrameLongerThan125IsProtocolError() {
    assertFailed(server(masked(Opcode.PING, "p".repeat(126))), Violation.CONTROL_FRAME_TOO_LONG);
  }

  @Test
  void fragmentedPingIsProtocolError() {
    assertFailed(server(RawFrame.of(Opcode.PING).fin(false).payload("a").mask(KEY).bytes()),
        Violation.FRAGMENTED_CONTROL_FRAME);
  }

  @Test
  void unsolicitedPongIsDeliveredAndNotAnswered() {
    Result r = server(masked(Opcode.PONG, "x"));
    assertThat(r.events()).containsExactly(new Pong("x"));
    assertThat(r.sent()).isEmpty();
  }

  @Test
  void tenPingsInOneReadGetTenPongsInOrder() {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      frames.add(masked(Opcode.PING, "ping" + i));
    }
    Result r = server(RawFrame.concat(frames.toArray(byte[][]::new)));
    assertThat(r.sent()).extracting(f -> new String(f.payload(), StandardCharsets.US_ASCII))
        .containsExactly("ping0", "ping1", "ping2", "ping3", "ping4", "ping5", "ping6", "ping7",
            "ping8", "ping9");
  }

  // ------------------------------------------------------------------ fragmentation (§5.4)

  @Test
  void fragmentedTextWithInterleavedPingIsReassembled() {
    Result r = server(RawFrame.concat(
        RawFrame.of(Opcode.TEXT).fin(false).payload("Hel").mask(KEY).bytes(),
        masked(Opcode.PING, "mid"),
        RawFrame.of(Opcode.CONTINUATION).fin(false).payload("l").mask(KEY).bytes(),
        RawFrame.of(Opcode.CONTINUATION).payload("o").mask(KEY).bytes()));
    assertThat(r.events()).containsExactly(new Ping("mid"), new Text("Hello"));
  }

  @Test
  void continuationWithNoMessageInProgressIsProtocolError() {
    assertFailed(server(RawFrame.of(Opcode.CONTINUATION).payload("x").mask(KEY).bytes()),
        Violation.UNEXPECTED_CONTINUATION);
  }

  @Test
  void newDataFrameInsideFragmentedMessageIsProtocolError() {
    assertFailed(server(RawFrame.concat(
            RawFrame.of(Opcode.TEXT).fin(false).payload("a").mask(KEY).bytes(),
            RawFrame.of(Opcode.BINARY).payload("b").mask(KEY).bytes())),
        Violation.EXPECTED_CONTINUATION);
  }

  @Test
  void emptyFragmentsMakeAnEmptyMessage() {
    Result r = server(RawFrame.concat(
        RawFrame.of(Opcode.TEXT).fin(false).mask(KEY).bytes(),
        RawFrame.of(Opcode.CONTINUATION).fin(false).mask(KEY).bytes(),
        RawFrame.of(Opcode.CONTINUATION).mask(KEY).bytes()));
    assertThat(r.events()).containsExactly(new Text(""));
  }

  // ------------------------------------------------------------------ UTF-8 (§8.1)

  @Test
  void codePointSplitAcrossFragmentsIsValid() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // e2 82 ac
    Result r = server(RawFrame.concat(
        RawFrame.of(Opcode.TEXT).fin(false).payload(new byte[] {euro[0]}).mask(KEY).bytes(),
        RawFrame.of(Opcode.CONTINUATION).payload(new byte[] {euro[1], euro[2]}).mask(KEY).bytes()));
    assertThat(r.events()).containsExactly(new Text("€"));
  }

  @Test
  void invalidUtf8IsInvalidPayload() {
    assertFailed(server(RawFrame.of(Opcode.TEXT).payload(Hex.bytes("ce ba e1 bd b9 cf 83 ed a0 80"))
        .mask(KEY).bytes()), Violation.INVALID_UTF8);
  }

  @Test
  void invalidUtf8FailsBeforeTheMessageEnds() {
    // The first fragment is already impossible UTF-8; the connection must not wait for FIN.
    Result r = server(RawFrame.of(Opcode.TEXT).fin(false).payload(Hex.bytes("f4 90")).mask(KEY).bytes());
    assertFailed(r, Violation.INVALID_UTF8);
  }

  @Test
  void textEndingInsideCodePointIsInvalidPayload() {
    assertFailed(server(RawFrame.of(Opcode.TEXT).payload(Hex.bytes("e2 82")).mask(KEY).bytes()),
        Violation.INVALID_UTF8);
  }

  @Test
  void binaryIsNotCheckedAsUtf8() {
    byte[] bytes = Hex.bytes("ff fe ed a0 80");
    assertThat(server(RawFrame.of(Opcode.BINARY).payload(bytes).mask(KEY).bytes()).events())
        .containsExactly(Binary.of(bytes));
  }

  // ------------------------------------------------------------------ close handling (§5.5.1, §7)

  @Test
  void peerCloseIsEchoedAndCompletesTheHandshake() {
    Result r = server(closeFrame(1000, "bye".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.events()).containsExactly(new Close(1000, "bye"));
    assertThat(r.sent()).hasSize(1);
    assertThat(r.sent().get(0).closeCode()).isEqualTo(1000);
    assertThat(r.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(r.outcome()).isEqualTo(new CloseOutcome(1000, "bye", true, true));
  }

  @Test
  void emptyCloseIsReportedAs1005AndEchoedEmpty() {
    Result r = server(RawFrame.of(Opcode.CLOSE).mask(KEY).bytes());
    assertThat(r.events()).containsExactly(new Close(1005, ""));
    assertThat(r.sent()).hasSize(1);
    assertThat(r.sent().get(0).payload()).isEmpty();
  }

  @Test
  void closePayloadOfOneByteIsProtocolError() {
    assertFailed(server(RawFrame.of(Opcode.CLOSE).payload(new byte[] {3}).mask(KEY).bytes()),
        Violation.INVALID_CLOSE_PAYLOAD);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void closeCodesThatMustNotBeSentAreProtocolError(int code) {
    assertFailed(server(closeFrame(code, new byte[0])), Violation.INVALID_CLOSE_CODE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
  void validCloseCodesAreAccepted(int code) {
    Result r = server(closeFrame(code, new byte[0]));
    assertThat(r.events()).containsExactly(new Close(code, ""));
    assertThat(r.sent().get(0).closeCode()).isEqualTo(code);
  }

  @Test
  void closeReasonThatIsNotUtf8IsInvalidPayload() {
    assertFailed(server(closeFrame(1000, Hex.bytes("ce ba e1 bd b9 cf 83 ed a0 80"))),
        Violation.INVALID_CLOSE_REASON);
  }

  @Test
  void framesAfterPeerCloseAreIgnored() {
    Result r = server(RawFrame.concat(closeFrame(1000, new byte[0]), masked(Opcode.TEXT, "late"),
        masked(Opcode.PING, "late")));
    assertThat(r.events()).containsExactly(new Close(1000, ""));
    assertThat(r.sent()).hasSize(1);
  }

  @Test
  void inputAfterViolationIsDiscardedAndOnlyOneCloseIsSent() {
    Result r = server(RawFrame.concat(Hex.bytes("81 05 48 65 6c 6c 6f"), masked(Opcode.PING, "x"),
        masked(Opcode.TEXT, "y")));
    assertFailed(r, Violation.UNMASKED_FRAME);
    assertThat(r.events()).hasSize(1);
  }

  @Test
  void localCloseThenPeerEchoIsClean() {
    RecordingListener listener = listener();
    List<WireFrame> sent = new ArrayList<>();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, (h, p, o) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(out, h);
      if (p != null) {
        write(out, p);
      }
      sent.addAll(WireFrame.parseAll(out.toByteArray()));
    });
    c.close(1001, "going away");
    assertThat(c.state()).isEqualTo(ConnectionState.CLOSING);
    assertThat(c.shouldCloseTransport()).isFalse();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).closeCode()).isEqualTo(1001);
    assertThat(new String(sent.get(0).payload(), 2, sent.get(0).payload().length - 2,
        StandardCharsets.UTF_8)).isEqualTo("going away");
    // Data still in flight from the peer is delivered (§7.1.3: it may not have seen our close).
    c.receive(ByteBuffer.wrap(masked(Opcode.TEXT, "in flight")));
    c.receive(ByteBuffer.wrap(closeFrame(1001, new byte[0])));
    assertThat(listener.drain()).containsExactly(new Text("in flight"), new Close(1001, ""));
    assertThat(sent).as("no second close frame").hasSize(1);
    assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(c.shouldCloseTransport()).as("the server closes TCP first (§7.1.1)").isTrue();
    assertThat(c.outcome()).isEqualTo(new CloseOutcome(1001, "", true, false));
  }

  @Test
  void clientWaitsForServerToCloseTransport() {
    RecordingListener listener = listener();
    Connection c = new Connection(Role.CLIENT, Limits.DEFAULTS, () -> KEY, listener, (h, p, o) -> {});
    c.receive(ByteBuffer.wrap(RawFrame.of(Opcode.CLOSE).payload(new byte[] {3, (byte) 0xe8}).bytes()));
    listener.assertNext(new Close(1000, ""));
    assertThat(c.isCloseHandshakeComplete()).isTrue();
    assertThat(c.shouldCloseTransport()).isFalse();
  }

  @Test
  void roleIsTheOneGivenWhateverTheMaskKeySource() {
    RecordingListener l = listener();
    assertThat(new Connection(Role.SERVER, Limits.DEFAULTS, () -> KEY, l, (h, p, o) -> {}).role())
        .isEqualTo(Role.SERVER);
    assertThat(new Connection(Role.SERVER, Limits.DEFAULTS, null, l, (h, p, o) -> {}).role())
        .isEqualTo(Role.SERVER);
    assertThat(new Connection(Role.CLIENT, Limits.DEFAULTS, () -> KEY, l, (h, p, o) -> {}).role())
        .isEqualTo(Role.CLIENT);
  }

  @Test
  void transportLostWithoutCloseIsAbnormal() {
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {});
    c.receive(ByteBuffer.wrap(RawFrame.of(Opcode.TEXT).fin(false).payload("a").mask(KEY).bytes()));
    c.transportClosed();
    assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(c.outcome()).isEqualTo(new CloseOutcome(1006, "", false, true));
  }

  @Test
  void localCloseWithoutAnswerIsAbnormalWhenTransportCloses() {
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {});
    c.close(1000, "");
    c.transportClosed();
    assertThat(c.outcome()).isEqualTo(new CloseOutcome(1006, "", false, false));
  }

  @Test
  void sendingAfterCloseIsRejected() {
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {});
    c.close(1000, "done");
    assertThatThrownBy(() -> c.sendText("late")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.ping(ByteBuffer.allocate(0))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unsendableLocalCloseCodeIsRejected() {
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {});
    assertThatThrownBy(() -> c.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.state()).isEqualTo(ConnectionState.OPEN);
  }

  // ------------------------------------------------------------------ limits (1009)

  @Test
  void frameOverLimitFailsFromTheHeaderAlone() {
    // Only the header is sent: the violation must not wait for (or buffer) the payload.
    byte[] header = Hex.bytes("82 fe 04 01 37 fa 21 3d"); // 1025 bytes declared, limit 1024
    assertFailed(everyPartition(Role.SERVER, SMALL, header), Violation.FRAME_TOO_BIG);
  }

  @Test
  void messageOverLimitAcrossFragmentsFailsFromTheHeader() {
    byte[] big = new byte[1000];
    List<byte[]> frames = new ArrayList<>();
    frames.add(RawFrame.of(Opcode.BINARY).fin(false).payload(big).mask(KEY).bytes());
    for (int i = 0; i < 4; i++) {
      frames.add(RawFrame.of(Opcode.CONTINUATION).fin(false).payload(big).mask(KEY).bytes());
    }
    assertFailed(everyPartition(Role.SERVER, SMALL, RawFrame.concat(frames.toArray(byte[][]::new))),
        Violation.MESSAGE_TOO_BIG);
  }

  @Test
  void tooManyFragmentsIsMessageTooBig() {
    List<byte[]> frames = new ArrayList<>();
    frames.add(RawFrame.of(Opcode.BINARY).fin(false).mask(KEY).bytes());
    for (int i = 0; i < 8; i++) {
      frames.add(RawFrame.of(Opcode.CONTINUATION).fin(false).mask(KEY).bytes());
    }
    assertFailed(everyPartition(Role.SERVER, SMALL, RawFrame.concat(frames.toArray(byte[][]::new))),
        Violation.TOO_MANY_FRAGMENTS);
  }

  @Test
  void messageExactlyAtLimitsIsAccepted() {
    List<byte[]> frames = new ArrayList<>();
    byte[] part = new byte[512];
    frames.add(RawFrame.of(Opcode.BINARY).fin(false).payload(part).mask(KEY).bytes());
    for (int i = 0; i < 6; i++) {
      frames.add(RawFrame.of(Opcode.CONTINUATION).fin(false).payload(part).mask(KEY).bytes());
    }
    frames.add(RawFrame.of(Opcode.CONTINUATION).payload(part).mask(KEY).bytes());
    Result r = run(Role.SERVER, SMALL, List.of(RawFrame.concat(frames.toArray(byte[][]::new))));
    assertThat(r.events()).containsExactly(Binary.of(new byte[4096]));
  }

  @Test
  void limitsSetBeforeAnyInputApplyToTheFirstFrame() {
    // The receive side is created by the first bytes: it must start from the limits set by then.
    RecordingListener listener = listener();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, (h, p, o) -> {});
    c.setLimits(SMALL);
    byte[] frame = RawFrame.of(Opcode.BINARY).payload(new byte[1025]).mask(KEY).bytes();
    c.receive(ByteBuffer.wrap(frame));
    assertThat(listener.drain()).last().isEqualTo(new Failure(Violation.FRAME_TOO_BIG));
  }

  @Test
  void limitsChangedAfterInputApplyFromTheNextFrame() {
    RecordingListener listener = listener();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, (h, p, o) -> {});
    byte[] frame = RawFrame.of(Opcode.BINARY).payload(new byte[1025]).mask(KEY).bytes();
    c.receive(ByteBuffer.wrap(frame.clone()));
    assertThat(listener.drain()).containsExactly(Binary.of(new byte[1025]));
    c.setLimits(SMALL);
    c.receive(ByteBuffer.wrap(frame.clone()));
    assertThat(listener.drain()).last().isEqualTo(new Failure(Violation.FRAME_TOO_BIG));
  }

  // ------------------------------------------------------------------ sending

  @Test
  void clientMasksWithTheKeyFromItsSource() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(Role.CLIENT, Limits.DEFAULTS, () -> KEY, listener(),
        (h, p, o) -> {
          write(out, h);
          if (p != null) {
            write(out, p);
          }
        });
    c.sendText("Hello");
    assertThat(Hex.of(out.toByteArray())).isEqualTo("81 85 37 fa 21 3d 7f 9f 4d 51 58");
  }

  @Test
  void serverSendsUnmaskedFramesAndLeavesTheCallersBufferAlone() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {
          write(out, h);
          if (p != null) {
            write(out, p);
          }
        });
    ByteBuffer payload = ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII));
    c.sendBinary(payload);
    assertThat(Hex.of(out.toByteArray())).isEqualTo("82 05 48 65 6c 6c 6f");
    assertThat(payload.position()).isZero();
  }

  @Test
  void fragmentsStartWithTheMessageTypeAndContinueUntilFin() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {
          write(out, h);
          if (p != null) {
            write(out, p);
          }
        });
    c.sendTextFragment("Hel", false);
    assertThatThrownBy(() -> c.sendBinaryFragment(ByteBuffer.allocate(1), false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.sendText("x")).isInstanceOf(IllegalStateException.class);
    c.ping(ByteBuffer.wrap(new byte[] {1}));
    c.sendTextFragment("lo", true);
    c.sendText("next");
    // RFC 6455 §5.7's fragmented example, with a ping between the fragments.
    assertThat(Hex.of(out.toByteArray()))
        .isEqualTo("01 03 48 65 6c 89 01 01 80 02 6c 6f 81 04 6e 65 78 74");
  }

  @Test
  void surrogatePairSplitAcrossTextFragmentsStaysWhole() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> {
          write(out, h);
          if (p != null) {
            write(out, p);
          }
        });
    String emoji = "\uD83D\uDE00"; // U+1F600
    c.sendTextFragment("a" + emoji.charAt(0), false);
    c.sendTextFragment(emoji.charAt(1) + "b", true);
    List<WireFrame> frames = WireFrame.parseAll(out.toByteArray());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    frames.forEach(f -> text.write(f.payload(), 0, f.payload().length));
    assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("a" + emoji + "b");
  }

  @Test
  void oversizedPingIsRejectedBeforeAnythingIsSent() {
    List<ByteBuffer> sent = new ArrayList<>();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener(),
        (h, p, o) -> sent.add(h));
    assertThatThrownBy(() -> c.ping(ByteBuffer.allocate(126)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("125");
    assertThat(sent).isEmpty();
  }

  static Stream<Arguments> roundTrips() {
    return Stream.of(Arguments.of(Role.CLIENT), Arguments.of(Role.SERVER));
  }

  @ParameterizedTest
  @MethodSource("roundTrips")
  void whatOneRoleSendsTheOtherReceives(Role role) {
    RecordingListener receiverEvents = listener();
    Connection receiver = new Connection(role.peer(), Limits.DEFAULTS, () -> 0x01020304,
        receiverEvents, (h, p, o) -> {});
    Connection sender = new Connection(role, Limits.DEFAULTS, new java.util.Random(7)::nextInt,
        listener(), (h, p, o) -> {
          receiver.receive(h.duplicate());
          if (p != null) {
            receiver.receive(ByteBuffer.allocate(p.remaining()).put(p.duplicate()).flip());
          }
        });
    sender.sendText("κόσμε 😀");
    sender.sendBinary(ByteBuffer.wrap(new byte[70_000]));
    sender.sendBinaryFragment(ByteBuffer.wrap(new byte[] {1}), false);
    sender.sendBinaryFragment(ByteBuffer.wrap(new byte[] {2}), true);
    sender.ping(ByteBuffer.wrap(new byte[] {9}));
    sender.close(1000, "done");
    assertThat(receiverEvents.drain()).containsExactly(new Text("κόσμε 😀"),
        Binary.of(new byte[70_000]), Binary.of(new byte[] {1, 2}), new Ping("\t"),
        new Close(1000, "done"));
  }
}
