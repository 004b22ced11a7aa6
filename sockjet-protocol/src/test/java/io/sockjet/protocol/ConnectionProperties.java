package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.RecordingListener.Binary;
import io.sockjet.protocol.RecordingListener.Event;
import io.sockjet.protocol.RecordingListener.Text;
import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Partitions;
import io.sockjet.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trip: messages sent by one role's connection, fed to the other role's connection in
 * random chunks, arrive whole, in order and unchanged, with no violation.
 */
class ConnectionProperties {

  /** One message to send: text or binary, whole or in fragments. */
  record Message(boolean text, String chars, byte[] bytes, int fragments) {}

  /**
   * Text is well-formed (a surrogate pair may still be cut between fragments, which the sender
   * must keep whole); binary payloads lean to the sizes where the length field changes.
   */
  private static Message message(Gen gen) {
    boolean text = gen.bool();
    return new Message(text, text ? gen.text(300) : "", text ? new byte[0] : gen.bytes(70_000),
        gen.intBetween(1, 5));
  }

  @Test
  void messagesSurviveAnySplit() {
    Property.forAll(0xC022_0001L, 200, gen -> {
      Role senderRole = gen.pick(Role.values());
      List<Message> messages = gen.listOf(0, 6, ConnectionProperties::message);
      long seed = gen.anyLong();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      Connection sender = new Connection(senderRole, Limits.DEFAULTS, new Random(seed)::nextInt,
          new RecordingListener(), (h, p, o) -> {
            copy(h, wire);
            if (p != null) {
              copy(p, wire);
            }
          });
      List<Event> expected = new ArrayList<>();
      for (Message m : messages) {
        if (m.text()) {
          sendText(sender, m.chars(), m.fragments());
          expected.add(new Text(m.chars()));
        } else {
          sendBinary(sender, m.bytes(), m.fragments());
          expected.add(Binary.of(m.bytes()));
        }
      }
      RecordingListener received = new RecordingListener();
      Connection receiver = new Connection(senderRole.peer(), Limits.DEFAULTS, () -> 0, received,
          (h, p, o) -> {});
      for (byte[] chunk : Partitions.randomChunks(wire.toByteArray(), new Random(seed))) {
        receiver.receive(ByteBuffer.wrap(chunk));
      }
      assertThat(received.drain()).isEqualTo(expected);
      assertThat(receiver.state()).isEqualTo(ConnectionState.OPEN);
    });
  }

  private static void sendText(Connection c, String s, int fragments) {
    if (fragments == 1) {
      c.sendText(s);
      return;
    }
    int step = Math.max(1, s.length() / fragments);
    int at = 0;
    for (int i = 0; i < fragments - 1; i++) {
      int end = Math.min(s.length(), at + step);
      c.sendTextFragment(s.substring(at, end), false);
      at = end;
    }
    c.sendTextFragment(s.substring(at), true);
  }

  private static void sendBinary(Connection c, byte[] b, int fragments) {
    if (fragments == 1) {
      c.sendBinary(ByteBuffer.wrap(b));
      return;
    }
    int step = Math.max(1, b.length / fragments);
    int at = 0;
    for (int i = 0; i < fragments - 1; i++) {
      int end = Math.min(b.length, at + step);
      c.sendBinaryFragment(ByteBuffer.wrap(b, at, end - at), false);
      at = end;
    }
    c.sendBinaryFragment(ByteBuffer.wrap(b, at, b.length - at), true);
  }

  private static void copy(ByteBuffer b, ByteArrayOutputStream out) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    out.write(a, 0, a.length);
  }
}
