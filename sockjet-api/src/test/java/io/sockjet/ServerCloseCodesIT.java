package io.sockjet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the server ends a connection when the peer breaks a rule (RFC 6455 §7.4.1), or closes
 * cleanly: the exact close code on the wire, the TCP close after it, and the {@link CloseEvent}
 * the server's listener sees.
 */
@Timeout(60)
class ServerCloseCodesIT {
  static final int M = RawPeer.MASK;
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  private void start() {
    server = EventRecorder.server(events).maxMessageSize(1000).maxFragments(4).start();
  }

  /**
   * Sends {@code input} on an open connection and checks that the server answers with a close
   * frame carrying {@code code}, then closes TCP, and that its listener sees an error and a
   * failure close event with that code.
   */
  private void assertServerFailsWith(int code, byte[] input) throws Exception {
    start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.send(input);
      RawPeer.Frame close = peer.readClose();
      assertThat(close.masked()).as("server frames are never masked").isFalse();
      assertThat(close.closeCode()).isEqualTo(code);
      assertThat(peer.awaitEof()).as("the server closes TCP after its close frame").isTrue();
    }
    Throwable error = events.awaitError();
    assertThat(error).isInstanceOf(WebSocketProtocolException.class);
    assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(code);
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(code);
    assertThat(event.clean()).isFalse();
    assertThat(event.remote()).isFalse();
    events.assertNoMoreCloses();
  }

  @Test
  void unmaskedClientFrameIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x1).payload("hi").bytes());
  }

  @Test
  void reservedBitsWithoutExtensionAre1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x1).rsv(4).payload("hi").mask(M).bytes());
  }

  @Test
  void reservedBit3WithoutExtensionIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x2).rsv(1).payload("hi").mask(M).bytes());
  }

  @Test
  void unknownOpcodeIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x3).payload("hi").mask(M).bytes());
  }

  @Test
  void pingLongerThan125BytesIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x9).payload(new byte[126]).mask(M).bytes());
  }

  @Test
  void fragmentedPingIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x9).fin(false).payload("p").mask(M).bytes());
  }

  @Test
  void continuationWithoutStartIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x0).payload("orphan").mask(M).bytes());
  }

  @Test
  void newMessageInsideFragmentedMessageIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.concat(
        RawFrame.of(0x1).fin(false).payload("a").mask(M).bytes(),
        RawFrame.of(0x1).payload("b").mask(M).bytes()));
  }

  @Test
  void invalidUtf8TextIs1007() throws Exception {
    assertServerFailsWith(1007, RawFrame.of(0x1)
        .payload(new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28}).mask(M).bytes());
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsIs1007() throws Exception {
    assertServerFailsWith(1007, RawFrame.concat(
        RawFrame.of(0x1).fin(false).payload(new byte[] {(byte) 0xe2, (byte) 0x82}).mask(M).bytes(),
        RawFrame.of(0x0).payload(new byte[] {'x'}).mask(M).bytes()));
  }

  @Test
  void messageOverMaxMessageSizeIs1009() throws Exception {
    assertServerFailsWith(1009, RawFrame.of(0x2).payload(new byte[1001]).mask(M).bytes());
  }

  @Test
  void fragmentsAddingUpOverMaxMessageSizeAre1009() throws Exception {
    assertServerFailsWith(1009, RawFrame.concat(
        RawFrame.of(0x2).fin(false).payload(new byte[600]).mask(M).bytes(),
        RawFrame.of(0x0).payload(new byte[600]).mask(M).bytes()));
  }

  @Test
  void tooManyFragmentsIs1009() throws Exception {
    byte[] input = RawFrame.of(0x1).fin(false).payload("a").mask(M).bytes();
    for (int i = 0; i < 5; i++) {
      input = RawFrame.concat(input, RawFrame.of(0x0).fin(false).payload("a").mask(M).bytes());
    }
    assertServerFailsWith(1009, input);
  }

  @Test
  void closeWithCode1005OnTheWireIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x8).payload(RawPeer.closePayload(1005)).mask(M).bytes());
  }

  @Test
  void closeWithCode999Is1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x8).payload(RawPeer.closePayload(999)).mask(M).bytes());
  }

  @Test
  void closeWithOneBytePayloadIs1002() throws Exception {
    assertServerFailsWith(1002, RawFrame.of(0x8).payload(new byte[] {3}).mask(M).bytes());
  }

  @Test
  void clientCloseIsEchoedAndTheServerClosesTcp() throws Exception {
    start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.sendClose(1000, "bye");
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1000);
      // RFC 6455 §7.1.1: "the server SHOULD close the underlying TCP connection" first.
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.awaitClose()).isEqualTo(new CloseEvent(1000, "bye", true, true));
    assertThat(events.errors).isEmpty();
    events.assertNoMoreCloses();
  }

  @Test
  void emptyClientCloseIsReportedAs1005() throws Exception {
    start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.send(RawFrame.of(0x8).mask(M));
      assertThat(peer.readClose().opcode()).isEqualTo(0x8);
      assertThat(peer.awaitEof()).isTrue();
    }
    assertThat(events.awaitClose()).isEqualTo(new CloseEvent(1005, "", true, true));
  }

  @Test
  void pingBetweenFragmentsIsAnsweredBeforeTheMessageCompletes() throws Exception {
    start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      peer.send(RawFrame.of(0x1).fin(false).payload("Hello, ").mask(M));
      peer.send(RawFrame.of(0x9).payload("are you there").mask(M));
      RawPeer.Frame pong = peer.readFrame();
      assertThat(pong.opcode()).isEqualTo(0xA);
      assertThat(pong.text()).isEqualTo("are you there");
      assertThat(events.texts).as("no message before its last fragment").isEmpty();
      peer.send(RawFrame.of(0x0).payload("world").mask(M));
      assertThat(events.awaitText()).isEqualTo("Hello, world");
      assertThat(events.log).containsSubsequence("ping", "text:Hello, world");
      assertThat(events.pings.poll()).isEqualTo(ByteBuffer.wrap("are you there".getBytes(UTF_8)));
    }
  }
}
