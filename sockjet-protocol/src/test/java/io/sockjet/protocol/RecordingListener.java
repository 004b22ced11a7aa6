package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.frame.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Records what a {@link Connection} reports as whole events, for assertions in order; fails on
 * anything unexpected left over ({@link #assertExhausted()}), as OkHttp's WebSocketRecorder does.
 * Confined to the test thread.
 */
public final class RecordingListener implements ConnectionListener {

  /** A recorded event. */
  public sealed interface Event permits Text, Binary, Ping, Pong, Close, Failure {}

  /** A whole text message. */
  public record Text(String text) implements Event {}

  /** A whole binary message (as hex-free bytes). */
  public record Binary(List<Byte> bytes) implements Event {
    static Binary of(byte[] b) {
      List<Byte> list = new ArrayList<>(b.length);
      for (byte x : b) {
        list.add(x);
      }
      return new Binary(List.copyOf(list));
    }
  }

  /** A ping with its payload as a string (ISO-8859-1, so every byte round-trips). */
  public record Ping(String payload) implements Event {}

  /** A pong with its payload as a string (ISO-8859-1). */
  public record Pong(String payload) implements Event {}

  /** The peer's close frame. */
  public record Close(int code, String reason) implements Event {}

  /** A violation. */
  public record Failure(Violation violation) implements Event {}

  private final Deque<Event> events = new ArrayDeque<>();
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private boolean text;
  private boolean inMessage;
  private int frames;

  @Override
  public void onMessageStart(boolean text, long sizeHint, boolean whole) {
    assertThat(inMessage).as("message started while one is in progress").isFalse();
    this.text = text;
    this.inMessage = true;
    message.reset();
  }

  @Override
  public void onMessageData(ByteBuffer data) {
    assertThat(inMessage).as("data outside a message").isTrue();
    byte[] b = new byte[data.remaining()];
    data.get(b);
    message.write(b, 0, b.length);
  }

  @Override
  public void onFrameEnd(boolean last) {
    frames++;
  }

  @Override
  public void onMessageEnd() {
    assertThat(inMessage).as("message end outside a message").isTrue();
    inMessage = false;
    byte[] b = message.toByteArray();
    events.add(text ? new Text(new String(b, StandardCharsets.UTF_8)) : Binary.of(b));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    events.add(new Ping(latin1(payload)));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    events.add(new Pong(latin1(payload)));
  }

  @Override
  public void onCloseFrame(CloseStatus status) {
    events.add(new Close(status.code(), status.reason()));
  }

  @Override
  public void onViolation(ProtocolViolation violation) {
    events.add(new Failure(violation.violation()));
  }

  /** Data frames ended so far. */
  public int frames() {
    return frames;
  }

  /** Removes and returns every event recorded so far. */
  public List<Event> drain() {
    List<Event> out = new ArrayList<>(events);
    events.clear();
    return out;
  }

  /** Asserts the next event and removes it. */
  public void assertNext(Event expected) {
    assertThat(events).as("events").isNotEmpty();
    assertThat(events.poll()).isEqualTo(expected);
  }

  /** Asserts that nothing more was recorded. */
  public void assertExhausted() {
    assertThat(events).as("unexpected events").isEmpty();
  }

  private static String latin1(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.ISO_8859_1);
  }
}
