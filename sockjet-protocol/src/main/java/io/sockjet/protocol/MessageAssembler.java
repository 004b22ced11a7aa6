package io.sockjet.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gathers the pieces a {@link ConnectionListener} receives into one whole message, for callers
 * that want messages rather than streams. Not thread-safe; confined to its connection's thread.
 *
 * <p>Memory: the buffer grows with the bytes that actually arrive, never ahead of them by more
 * than {@value #FIRST_CAPACITY} bytes or a doubling: a peer that declares a 64 MiB frame and then
 * trickles bytes makes us hold what it sent, not what it announced. Growth stops at the first
 * frame's declared length, so an unfragmented message (the common case) ends in an exactly
 * sized array. {@link #reset()} drops the buffer so an idle connection holds none. A message of thousands of tiny
 * fragments costs its bytes and nothing per fragment. The size is bounded by the connection's
 * {@link Limits}, which are checked from headers before data arrives.
 */
public final class MessageAssembler {
  /** Up to this much is allocated before the bytes arrive: one typical socket read. */
  static final int FIRST_CAPACITY = 64 * 1024;

  // Some JVMs reserve header words in arrays; this is the largest size every JVM allocates.
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] bytes;
  private int length;
  private long expected;
  private boolean text;

  /** Starts a message; {@code sizeHint} is the first frame's payload length. */
  public void start(boolean text, long sizeHint) {
    this.text = text;
    this.length = 0;
    this.expected = Math.max(sizeHint, 0);
    this.bytes = new byte[(int) Math.min(expected, FIRST_CAPACITY)];
  }

  /** Appends a piece; consumes {@code data} (its position moves to its limit). */
  public void append(ByteBuffer data) {
    int n = data.remaining();
    if (length + n > bytes.length) {
      long needed = (long) length + n;
      if (needed > MAX_ARRAY) {
        throw new IllegalStateException("message larger than a Java array");
      }
      long target = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * bytes.length));
      if (needed <= expected) {
        target = Math.min(target, expected);
      }
      bytes = Arrays.copyOf(bytes, (int) Math.min(target, MAX_ARRAY));
    }
    data.get(bytes, length, n);
    length += n;
  }

  /** Whether the message being assembled is text. */
  public boolean isText() {
    return text;
  }

  /** Bytes gathered so far. */
  public int length() {
    return length;
  }

  /** The message as a String (text messages are valid UTF-8: the connection checked them). */
  public String text() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * The message bytes as a buffer the caller owns. Wraps the internal array without a copy when
   * it is exactly full (every unfragmented message); the assembler lets go of it either way.
   */
  public ByteBuffer binary() {
    byte[] out = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    bytes = null;
    return ByteBuffer.wrap(out);
  }

  /** Drops the buffer, so an idle connection holds no memory here. */
  public void reset() {
    bytes = null;
    length = 0;
  }
}
