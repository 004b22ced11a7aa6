package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.RecordingListener.Binary;
import io.sockjet.protocol.RecordingListener.Event;
import io.sockjet.protocol.RecordingListener.Text;
import io.sockjet.testkit.Partitions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trip: messages sent by one role's connection, fed to the other role's connection in
 * random chunks, arrive whole, in order and unchanged, with no violation.
 */
class ConnectionProperties {

  /** One message to send: text or binary, whole or in fragments. */
  record Message(boolean text, String chars, byte[] bytes, int fragments) {}

  @Provide
  Arbitrary<Message> messages() {
    Arbitrary<String> strings = Arbitraries.strings().all().ofMaxLength(300)
        .filter(s -> !hasUnpairedSurrogate(s));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(70_000);
    return Combinators.combine(Arbitraries.of(true, false), strings, bytes,
        Arbitraries.integers().between(1, 5)).as(Message::new);
  }

  @Property(tries = 200)
  void messagesSurviveAnySplit(@ForAll("clientOrServer") Role senderRole,
      @ForAll("lists") List<Message> messages, @ForAll long seed) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Connection sender = new Connection(senderRole, Limits.DEFAULTS, new Random(seed)::nextInt,
        new RecordingListener(), (h, p) -> {
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
        (h, p) -> {});
    for (byte[] chunk : Partitions.randomChunks(wire.toByteArray(), new Random(seed))) {
      receiver.receive(ByteBuffer.wrap(chunk));
    }
    assertThat(received.drain()).isEqualTo(expected);
    assertThat(receiver.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Provide
  Arbitrary<Role> clientOrServer() {
    return Arbitraries.of(Role.class);
  }

  @Provide
  Arbitrary<List<Message>> lists() {
    return messages().list().ofMaxSize(6);
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

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
