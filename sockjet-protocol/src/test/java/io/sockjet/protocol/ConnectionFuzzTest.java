package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sockjet.protocol.frame.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link Connection#receive} with its rules, in both roles. Properties: nothing escapes
 * (peer misbehaviour is reported, never thrown); memory stays bounded (no message the listener
 * sees exceeds the limits); after a violation the output ends with exactly one close frame, and
 * nothing follows it; splitting the input at any point changes nothing.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds in
 * {@code src/test/resources/io/sockjet/protocol/ConnectionFuzzTestInputs/receive/}; see FUZZING.md.
 */
class ConnectionFuzzTest {
  /** Small limits so the fuzzer reaches the 1009 paths with small inputs. */
  private static final Limits LIMITS = new Limits(512, 1024, 8);

  @FuzzTest(maxDuration = "10m")
  void receive(byte[] input) {
    if (input.length == 0) {
      return;
    }
    Role role = (input[0] & 1) == 0 ? Role.SERVER : Role.CLIENT;
    byte[] wire = Arrays.copyOfRange(input, 1, input.length);
    int split = Math.floorMod(Arrays.hashCode(wire), wire.length + 1);
    Outcome whole = run(role, wire, wire.length);
    Outcome halves = run(role, wire, split);
    assertThat(halves.events).isEqualTo(whole.events);
    assertThat(halves.output).isEqualTo(whole.output);
  }

  private record Outcome(List<RecordingListener.Event> events, byte[] output) {}

  private static Outcome run(Role role, byte[] input, int split) {
    byte[] wire = input.clone(); // receive unmasks in place: each run gets its own bytes
    RecordingListener listener = new RecordingListener();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Connection c = new Connection(role, LIMITS, () -> 0x11223344, listener, (h, p, o) -> {
      copy(h, out);
      if (p != null) {
        copy(p, out);
      }
    });
    c.receive(ByteBuffer.wrap(wire, 0, split).slice());
    c.receive(ByteBuffer.wrap(wire, split, wire.length - split).slice());
    List<RecordingListener.Event> events = listener.drain();
    byte[] output = out.toByteArray();
    List<WireFrame> frames = WireFrame.parseAll(output);
    for (RecordingListener.Event e : events) {
      if (e instanceof RecordingListener.Binary b) {
        assertThat((long) b.bytes().size()).isLessThanOrEqualTo(LIMITS.maxMessageSize());
      } else if (e instanceof RecordingListener.Text t) {
        assertThat((long) t.text().length()).isLessThanOrEqualTo(LIMITS.maxMessageSize());
      }
    }
    long closes = frames.stream().filter(f -> f.opcode() == Opcode.CLOSE).count();
    assertThat(closes).as("at most one close frame").isLessThanOrEqualTo(1);
    if (closes == 1) {
      assertThat(frames.get(frames.size() - 1).opcode()).as("nothing after the close frame")
          .isEqualTo(Opcode.CLOSE);
    }
    if (c.failure() != null) {
      assertThat(events).last().isInstanceOf(RecordingListener.Failure.class);
      assertThat(closes).as("a violation sends a close frame").isEqualTo(1);
    }
    for (WireFrame f : frames) {
      assertThat(f.masked()).as("frames sent by a " + role).isEqualTo(role == Role.CLIENT);
    }
    return new Outcome(events, output);
  }

  private static void copy(ByteBuffer b, ByteArrayOutputStream out) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    out.write(a, 0, a.length);
  }
}
