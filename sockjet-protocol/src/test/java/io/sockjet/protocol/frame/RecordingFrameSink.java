package io.sockjet.protocol.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Not thread-safe. A {@link FrameSink} that checks the order of the parser's calls (header,
 * payload pieces, end) and records each finished frame with its payload pieces concatenated.
 *
 * <p>Fails with an {@link AssertionError} on a call out of order, an empty piece, or more (or
 * fewer) payload bytes than the header declared.
 */
public final class RecordingFrameSink implements FrameSink {

  private final List<RecordedFrame> frames = new ArrayList<>();
  private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
  private RecordedFrame current;
  private int headers;
  private int pieces;

  /** A sink that has seen nothing yet. */
  public RecordingFrameSink() {}

  @Override
  public void frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
    if (current != null) {
      throw new AssertionError("header before the previous frame ended: " + current);
    }
    current = new RecordedFrame(fin, rsv, opcode, masked, payloadLength, new byte[0]);
    payload.reset();
    headers++;
  }

  @Override
  public void framePayload(ByteBuffer piece) {
    if (current == null) {
      throw new AssertionError("payload outside a frame");
    }
    if (!piece.hasRemaining()) {
      throw new AssertionError("empty payload piece");
    }
    while (piece.hasRemaining()) {
      payload.write(piece.get());
    }
    if (payload.size() > current.length()) {
      throw new AssertionError("more payload than declared: " + payload.size() + " > " + current);
    }
    pieces++;
  }

  @Override
  public void frameEnd() {
    if (current == null) {
      throw new AssertionError("frame end outside a frame");
    }
    if (payload.size() != current.length()) {
      throw new AssertionError("frame ended after " + payload.size() + " bytes: " + current);
    }
    frames.add(current.withPayload(payload.toByteArray()));
    current = null;
  }

  /** The frames completed so far, in order. */
  public List<RecordedFrame> frames() {
    return frames;
  }

  /** How many headers were reported, including that of an unfinished frame. */
  public int headers() {
    return headers;
  }

  /** How many payload pieces were reported in all. */
  public int pieces() {
    return pieces;
  }

  /** Whether a header was reported whose frame has not ended. */
  public boolean inFrame() {
    return current != null;
  }
}
