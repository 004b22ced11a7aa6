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
 *
 * <p>A binary message known to be whole from its start (one final, uncompressed frame) whose
 * bytes then arrive in a single piece is not copied at all: the assembler keeps a reference to
 * that piece and {@link #lend()} returns it, so a large message read at once goes from the
 * socket's read buffer to the listener (and, echoed, back to the socket) without a copy. The
 * caller guarantees such a piece stays unchanged until {@link #detach()} or the message's end,
 * as {@link ConnectionListener} does for a whole frame's single piece; any other call that needs
 * the bytes copies them first.
 *
 * <p>With a {@link MemoryBudget}, every array of its own is reserved in the budget before it is
 * allocated and released when dropped or handed to the caller ({@link #binary()}); a reservation
 * that does not fit fails with {@link Violation#MEMORY_BUDGET_EXCEEDED} and allocates nothing.
 * The thread's buffer and pieces kept in place are not counted: they are the loop's, not the
 * peer's.
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

  private byte[] bytes; // null while the message is held in place, or none has started
  private Scratch borrowed; // the thread's buffer while this assembler holds it, else null
  // The caller's piece holding the whole message, bytes [inPlaceStart, inPlaceStart + length),
  // when the message was kept where it arrived; else null. Read with absolute indexes only: the
  // caller may move the piece's position and limit after handing it over.
  private ByteBuffer inPlace;
  private int inPlaceStart;
  private int length;
  private long expected;
  private boolean text;
  private boolean mayKeepInPlace;
  private final MemoryBudget budget; // null: nothing is counted
  private int reserved; // bytes of the budget this assembler's own array holds

  /** An assembler whose buffers count against nothing. */
  public MessageAssembler() {
    this(null);
  }

  /** An assembler whose buffers of its own count against {@code budget} (null for none). */
  public MessageAssembler(MemoryBudget budget) {
    this.budget = budget;
  }

  /**
   * Starts a message; {@code sizeHint} is the first frame's payload length.
   *
   * @throws ProtocolViolation when the message passes a size limit or the memory budget (1009)
   */
  public void start(boolean text, long sizeHint) throws ProtocolViolation {
    start(text, sizeHint, false);
  }

  /**
   * Starts a message; {@code sizeHint} is the first frame's payload length, and {@code whole} says
   * it is the message's exact size (see {@link ConnectionListener#onMessageStart}). A whole binary
   * message may be kept where it arrives; see the class comment.
   *
   * @throws ProtocolViolation when the message passes a size limit or the memory budget (1009)
   */
  public void start(boolean text, long sizeHint, boolean whole) throws ProtocolViolation {
    reset();
    this.text = text;
    this.expected = Math.max(sizeHint, 0);
    mayKeepInPlace = whole && !text && expected > 0;
    if (!mayKeepInPlace) {
      allocate();
    }
  }

  private void allocate() throws ProtocolViolation {
    if (expected <= SHARED_CAPACITY) {
      Scratch scratch = SCRATCH.get();
      if (scratch.owner == null) {
        scratch.owner = this;
        borrowed = scratch;
        bytes = scratch.bytes;
        return;
      }
    }
    this.bytes = newOwnArray((int) Math.min(expected, FIRST_CAPACITY));
  }

  /**
   * An array of this assembler's own of {@code size} bytes, reserved in the budget first; the
   * reservation replaces the one for the array it supersedes (the caller copies and drops it).
   */
  private byte[] newOwnArray(int size) throws ProtocolViolation {
    int delta = size - reserved;
    if (budget != null && !budget.tryReserve(delta)) {
      throw new ProtocolViolation(Violation.MEMORY_BUDGET_EXCEEDED, "no room for " + size
          + " bytes of an incoming message: " + budget.used() + " of " + budget.limit()
          + " bytes held for peers");
    }
    reserved = size;
    return new byte[size];
  }

  /** Gives back the budget reserved for this assembler's own array. */
  private void unreserve() {
    if (budget != null) {
      budget.release(reserved);
    }
    reserved = 0;
  }

  /**
   * Appends a piece; consumes {@code data} (its position moves to its limit).
   *
   * @throws ProtocolViolation when the message passes a size limit or the memory budget (1009)
   */
  public void append(ByteBuffer data) throws ProtocolViolation {
    int n = data.remaining();
    if (bytes == null) {
      if (mayKeepInPlace && inPlace == null && n == expected) {
        inPlace = data;
        inPlaceStart = data.position();
        length = n;
        data.position(data.limit());
        return;
      }
      copyOutOfPlace();
    }
    if (length + n > bytes.length) {
      long needed = (long) length + n;
      if (needed > MAX_ARRAY) {
        throw new IllegalStateException("message larger than a Java array");
      }
      long target = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * bytes.length));
      if (needed <= expected) {
        target = Math.min(target, expected);
      }
      byte[] grown = newOwnArray((int) Math.min(target, MAX_ARRAY));
      System.arraycopy(bytes, 0, grown, 0, length);
      bytes = grown;
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

  /**
   * The message as a String (text messages are valid UTF-8: the connection checked them).
   *
   * @throws ProtocolViolation when the memory budget has no room to copy the message out of the
   *     buffer it was kept in (1009)
   */
  public String text() throws ProtocolViolation {
    copyOutOfPlace();
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * The message bytes as a buffer the caller owns. Wraps the internal array without a copy when
   * it is exactly full (every unfragmented message); the assembler lets go of it either way.
   *
   * @throws ProtocolViolation when the memory budget has no room to copy the message out of the
   *     buffer it was kept in (1009)
   */
  public ByteBuffer binary() throws ProtocolViolation {
    if (inPlace != null) {
      byte[] out = new byte[length];
      inPlace.get(inPlaceStart, out, 0, length);
      reset();
      return ByteBuffer.wrap(out);
    }
    copyOutOfPlace();
    byte[] out = length == bytes.length && borrowed == null ? bytes : Arrays.copyOf(bytes, length);
    bytes = null;
    release();
    unreserve(); // the array, or its copy, is the caller's now
    return ByteBuffer.wrap(out);
  }

  /**
   * The message bytes, lent: valid until the next {@link #reset()} or {@link #start}. A message
   * gathered in the thread's buffer is lent through a buffer object kept for the purpose, so
   * lending allocates nothing; the caller must keep no reference to it. A message kept in place
   * is lent as the caller's own piece, positioned on its bytes.
   */
  public ByteBuffer lend() {
    if (inPlace != null) {
      return inPlace.limit(inPlaceStart + length).position(inPlaceStart);
    }
    if (borrowed != null) {
      return borrowed.view.clear().limit(length);
    }
    return ByteBuffer.wrap(bytes, 0, length);
  }

  /**
   * The caller stops feeding this assembler for now: a message in progress in the thread's
   * buffer moves to a buffer of its own, sized as {@link #append} would have sized it.
   *
   * @throws ProtocolViolation when the memory budget has no room for that buffer (1009)
   */
  public void detach() throws ProtocolViolation {
    if (inPlace != null) {
      copyOutOfPlace();
    }
    if (borrowed != null) {
      byte[] own = newOwnArray((int) Math.max(length, Math.min(expected, FIRST_CAPACITY)));
      System.arraycopy(bytes, 0, own, 0, length);
      bytes = own;
      release();
    }
  }

  /** Drops the buffer, so an idle connection holds no memory here. */
  public void reset() {
    bytes = null;
    inPlace = null;
    length = 0;
    release();
    unreserve();
  }

  /** Bytes of the budget held now (tests). */
  int reserved() {
    return reserved;
  }

  /**
   * Gives the message a buffer of this assembler's (the thread's or its own) if it has none yet,
   * copying in the bytes held in place, if any.
   */
  private void copyOutOfPlace() throws ProtocolViolation {
    if (bytes != null || !mayKeepInPlace) {
      return;
    }
    mayKeepInPlace = false;
    if (inPlace == null) {
      allocate();
      return;
    }
    if (length <= SHARED_CAPACITY) {
      allocate(); // expected == length here, so an array of its own is exactly sized
    } else {
      bytes = newOwnArray(length);
    }
    inPlace.get(inPlaceStart, bytes, 0, length);
    inPlace = null;
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
