package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.frame.Opcode;
import java.io.ByteArrayOutputStream;
import io.sockjet.buffer.Ownership;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that pings and never reads cannot make a connection queue a pong per ping (RFC 6455
 * §5.5.3), and a connection this side gives up on ({@link Connection#abandon}) stops reading,
 * says why once, and asks for the transport to close.
 */
class ConnectionBackedUpTest {
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void noUnexpectedEvents() {
    listener.assertExhausted();
  }

  /** Collects the frames a connection writes; reports itself backed up when told to. */
  static final class Output implements FrameOutput {
    final List<WireFrame> sent = new ArrayList<>();
    boolean backedUp;

    @Override
    public void write(ByteBuffer header, ByteBuffer payload, Ownership payloadOwnership) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ConnectionTest.write(out, header);
      if (payload != null) {
        ConnectionTest.write(out, payload);
      }
      sent.addAll(WireFrame.parseAll(out.toByteArray()));
    }

    @Override
    public boolean backedUp() {
      return backedUp;
    }

    List<String> pongs() {
      List<String> pongs = new ArrayList<>();
      for (WireFrame f : sent) {
        if (f.opcode() == Opcode.PONG) {
          pongs.add(new String(f.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return pongs;
    }
  }

  @Test
  void pingsWhileBackedUpGetOnePongForTheLatestOnceItDrains() {
    Output out = new Output();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, out);
    c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.PING, "first")));
    assertThat(out.pongs()).containsExactly("first"); // not backed up: answered at once
    listener.assertNext(new RecordingListener.Ping("first"));
    out.backedUp = true;
    for (int i = 0; i < 1000; i++) {
      c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.PING, "ping " + i)));
    }
    assertThat(out.pongs()).as("nothing queued while backed up").containsExactly("first");
    for (int i = 0; i < 1000; i++) {
      listener.assertNext(new RecordingListener.Ping("ping " + i)); // every ping is reported
    }
    assertThat(c.hasPendingPong()).isTrue();
    out.backedUp = false;
    c.sendPendingPong();
    assertThat(out.pongs()).containsExactly("first", "ping 999");
    c.sendPendingPong();
    assertThat(out.pongs()).as("sent once").hasSize(2);
  }

  @Test
  void aPingAnsweredAtOnceMakesAnOlderHeldPongMoot() {
    Output out = new Output();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, out);
    out.backedUp = true;
    c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.PING, "old")));
    out.backedUp = false;
    c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.PING, "new")));
    c.sendPendingPong();
    assertThat(out.pongs()).containsExactly("new");
    assertThat(listener.drain())
        .containsExactly(new RecordingListener.Ping("old"), new RecordingListener.Ping("new"));
  }

  @Test
  void noHeldPongFollowsOurCloseFrame() {
    Output out = new Output();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, out);
    out.backedUp = true;
    c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.PING, "held")));
    c.close(1000, "");
    c.sendPendingPong();
    assertThat(out.pongs()).isEmpty();
    assertThat(out.sent).last().extracting(WireFrame::opcode).isEqualTo(Opcode.CLOSE);
    listener.assertNext(new RecordingListener.Ping("held"));
  }

  @Test
  void anAbandonedConnectionSendsItsCodeOnceDiscardsInputAndAsksForTheTransportToClose() {
    Output out = new Output();
    Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, out);
    c.abandon(1011, "");
    assertThat(out.sent).hasSize(1);
    assertThat(out.sent.get(0).closeCode()).isEqualTo(1011);
    c.receive(ByteBuffer.wrap(ConnectionTest.masked(Opcode.TEXT, "ignored")));
    assertThat(listener.drain()).as("input after abandon is discarded").isEmpty();
    c.abandon(1009, "again");
    assertThat(out.sent).as("one close frame").hasSize(1);
    assertThat(c.shouldCloseTransport()).isTrue();
    assertThat(c.outcome()).isEqualTo(new CloseOutcome(1011, "", false, false));
  }
}
