package io.sockjet.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The raw echo client: keeps a number of messages in flight on every connection of a {@link
 * RawLoop}, checks each echo in place, and answers all the echoes of one read with one write of
 * prebuilt, restamped frames. Handler methods run on the loop thread; the meters may be read
 * from any thread.
 */
final class RawEchoClient extends EchoMeter implements RawLoop.Handler {
  private final EchoPayload payload;
  private final int offset;
  private final ByteBuffer out;
  private volatile boolean sending = true;

  /** A client for messages like {@code payload}'s, at most {@code inFlight} per connection. */
  RawEchoClient(EchoPayload payload, int inFlight) {
    this.payload = payload;
    this.offset = RawFrames.payloadOffset(payload.size());
    this.out = ByteBuffer.allocateDirect(inFlight * (offset + payload.size()));
  }

  /** Sends the first {@code inFlight} messages on every connection; before the loop starts. */
  void start(List<RawConnection> connections, int inFlight) throws IOException {
    for (RawConnection c : connections) {
      c.attachment = new State(RawFrames.masked(payload.text() ? RawLoop.TEXT : RawLoop.BINARY,
          payload.template(), c.maskKey));
      send(c, inFlight, System.nanoTime());
    }
  }

  private void send(RawConnection c, int count, long nanos) throws IOException {
    State s = (State) c.attachment;
    if (count == 1) { // the common case: restamp the connection's own frame, no copy
      payload.stamp(s.direct, offset, nanos, c.maskKey);
      c.send(s.direct.clear());
      return;
    }
    byte[] frame = s.frame;
    out.clear();
    for (int i = 0; i < count; i++) {
      int at = out.position();
      out.put(frame);
      payload.stamp(out, at + offset, nanos, c.maskKey);
    }
    c.send(out.flip());
  }

  @Override
  public void message(RawConnection c, int opcode, ByteBuffer data, long nanos) {
    long sentAt = payload.sentAt(opcode, data);
    if (sentAt < 0) {
      errors.incrementAndGet();
      return;
    }
    latencies.recordValue(Math.max(0, nanos - sentAt));
    echoes.lazySet(echoes.get() + 1); // one writer: the loop thread
    ((State) c.attachment).answers++;
  }

  @Override
  public void readDone(RawConnection c, long nanos) throws IOException {
    State s = (State) c.attachment;
    if (s.answers > 0 && sending) {
      send(c, s.answers, nanos);
    }
    s.answers = 0;
  }

  @Override
  public void failed(RawConnection c, String why) {
    if (errors.getAndIncrement() == 0) {
      System.err.println("first connection error: " + why);
    }
  }

  @Override
  void stop() {
    sending = false;
  }

  /** A connection's prebuilt frame and the echoes of the current read still to answer. */
  private static final class State {
    final byte[] frame;
    /**
     * The same frame, off-heap, sent as it is when one message goes out: a write of a heap
     * buffer would copy it into a direct one first. Reusable as soon as a send returns, as the
     * connection copies aside what the socket would not take.
     */
    final ByteBuffer direct;
    int answers;

    State(byte[] frame) {
      this.frame = frame;
      this.direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
    }
  }
}
