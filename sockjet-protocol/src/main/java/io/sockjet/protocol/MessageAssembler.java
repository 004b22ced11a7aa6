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
 *
 * <p>Messages of up to {@value #SHARED_CAPACITY} bytes are gathered in a buffer of the thread's
 * rather than one of their own, so a message that arrives whole allocates nothing here: only its
 * {@code String} (or the caller's copy of its bytes). One assembler at a time holds the thread's
 * buffer; the owner of the connection calls {@link #detach()} when it stops feeding the
 * assembler for now (at the end of each socket read), and a message still in progress then
 * moves to a buffer of its own. An assembler that finds the thread's buffer taken uses its own.
 */
public final class MessageAssembler {
  /** Up to this much is allocated before the bytes arrive: one typical socket read. */
  static final int FIRST_CAPACITY = 64 * 1024;

  /**
   * Messages announcing at most this many bytes use the thread's buffer: small enough that they
   * usually arrive in one read, so they rarely need a buffer of their own at {@link #detach()}.
   * Larger ones start in their own right-sized array, as they would end in one anyway.
   */
  static final int SHARED_CAPACITY = 16 * 1024;

  // Some JVMs reserve header words in arrays; this is the largest size every JVM allocates.
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private byte[] bytes;
  private Scratch borrowed; // the thread's buffer while this assembler holds it, else null
  private int length;
  private long expected;
  private boolean text;

  /** Starts a message; {@code sizeHint} is the first frame's payload length. */
  public void start(boolean text, long sizeHint) {
    this.text = text;
    this.length = 0;
    this.expected = Math.max(sizeHint, 0);
    release();
    if (expected <= SHARED_CAPACITY) {
      Scratch scratch = SCRATCH.get();
      if (scratch.owner == null) {
        scratch.owner = this;
        borrowed = scratch;
        bytes = scratch.bytes;
        return;
      }
    }
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
      release();
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
    byte[] out = length == bytes.length && borrowed == null ? bytes : Arrays.copyOf(bytes, length);
    bytes = null;
    release();
    return ByteBuffer.wrap(out);
  }

  /**
   * The message bytes, lent: valid until the next {@link #reset()} or {@link #start}. A message
   * gathered in the thread's buffer is lent through a buffer object kept for the purpose, so
   * lending allocates nothing; the caller must keep no reference to it.
   */
  public ByteBuffer lend() {
    if (borrowed != null) {
      return borrowed.view.clear().limit(length);
    }
    return ByteBuffer.wrap(bytes, 0, length);
  }

  /**
   * The caller stops feeding this assembler for now: a message in progress in the thread's
   * buffer moves to a buffer of its own, sized as {@link #append} would have sized it.
   */
  public void detach() {
    if (borrowed != null) {
      bytes = Arrays.copyOf(bytes, (int) Math.max(length, Math.min(expected, FIRST_CAPACITY)));
      release();
    }
  }

  /** Drops the buffer, so an idle connection holds no memory here. */
  public void reset() {
    bytes = null;
    length = 0;
    release();
  }

  private void release() {
    if (borrowed != null) {
      borrowed.owner = null;
      borrowed = null;
    }
  }

  /** One thread's buffer for whole messages, and which assembler holds it. */
  private static final class Scratch {
    final byte[] bytes = new byte[SHARED_CAPACITY];
    final ByteBuffer view = ByteBuffer.wrap(bytes);
    MessageAssembler owner;
  }
}
