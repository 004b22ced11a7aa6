package io.sockjet.protocol.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Not thread-safe: one instance validates one text message at a time, from one thread.
 *
 * <p>Validates UTF-8 incrementally (RFC 3629), keeping its state across calls, because a text
 * message arrives in fragments and a fragment may end inside a code point (RFC 6455 §5.6: "the
 * text of a message may be split between fragments"). The verdict fails fast: it turns invalid
 * at the first byte that no valid continuation could follow (RFC 6455 §8.1: "When an endpoint is
 * to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid
 * UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_"), so {@code F4 90} and
 * {@code ED A0} are already invalid before their sequences end.
 *
 * <p>Call {@link #update} per fragment, {@link #isComplete()} at the end of the message, and
 * {@link #reset()} before the next message. An invalid verdict is sticky until reset.
 *
 * <h2>The state machine</h2>
 *
 * Written from the table in RFC 3629 §4:
 *
 * <pre>
 *   UTF8-1 = %x00-7F
 *   UTF8-2 = %xC2-DF UTF8-tail
 *   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
 *            %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
 *   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
 *            %xF4 %x80-8F 2( UTF8-tail )
 *   UTF8-tail = %x80-BF
 * </pre>
 *
 * The state says which bytes may come next. The restricted second bytes after E0, ED, F0 and F4 are what exclude
 * overlong forms, surrogates (U+D800-DFFF) and code points above U+10FFFF; C0, C1 and F5-FF can
 * never appear at all.
 */
public final class Utf8Validator {
  /*
   * Each state is a multiple of BITS_PER_STATE, so it doubles as a bit offset. ROWS[b] packs, for
   * every state s, the state that byte b leads to from s, in bits [s, s + BITS_PER_STATE). A step
   * is then
   *
   *     state = (int) (ROWS[b & 0xFF] >>> state) & STATE_MASK;
   *
   * The table load depends only on the byte, not on the state, so the chain from one byte's state
   * to the next is one shift and one mask: text that is not ASCII runs at the speed of that chain
   * rather than at the latency of two dependent table loads.
   *
   * ACCEPT must be 0: it is the state of a fresh validator and the one the ASCII fast path tests.
   */

  /** Enough bits for the largest state (REJECT = 48); 9 states x 6 bits = 54 fit in a long. */
  private static final int BITS_PER_STATE = 6;
  private static final int STATE_MASK = (1 << BITS_PER_STATE) - 1;

  /** Between code points: the only state in which a message may end. */
  private static final int ACCEPT = 0;
  /** One UTF8-tail (80-BF) still to come. */
  private static final int TAIL_1 = 1 * BITS_PER_STATE;
  /** Two UTF8-tails still to come. */
  private static final int TAIL_2 = 2 * BITS_PER_STATE;
  /** Three UTF8-tails still to come (after F1-F3). */
  private static final int TAIL_3 = 3 * BITS_PER_STATE;
  /** After E0: A0-BF, then one tail (80-9F would be an overlong 3-byte form). */
  private static final int AFTER_E0 = 4 * BITS_PER_STATE;
  /** After ED: 80-9F, then one tail (A0-BF would encode a surrogate). */
  private static final int AFTER_ED = 5 * BITS_PER_STATE;
  /** After F0: 90-BF, then two tails (80-8F would be an overlong 4-byte form). */
  private static final int AFTER_F0 = 6 * BITS_PER_STATE;
  /** After F4: 80-8F, then two tails (90-BF would be above U+10FFFF). */
  private static final int AFTER_F4 = 7 * BITS_PER_STATE;
  /** Something invalid was seen; every byte leads back here (the verdict is sticky). */
  private static final int REJECT = 8 * BITS_PER_STATE;

  /** The packed transitions for each byte value, indexed by {@code b & 0xFF}; see above. */
  private static final long[] ROWS = new long[256];

  /** The high bit of each byte of a long: all clear means eight ASCII bytes. */
  private static final long NON_ASCII_BITS = 0x8080808080808080L;

  /** Reads eight bytes of a byte[] as one long; the byte order does not matter to the mask. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  static {
    // Every transition not listed leads to REJECT, from REJECT itself included.
    long allReject = 0;
    for (int state = ACCEPT; state <= REJECT; state += BITS_PER_STATE) {
      allReject |= (long) REJECT << state;
    }
    Arrays.fill(ROWS, allReject);

    allow(ACCEPT, 0x00, 0x7F, ACCEPT);
    allow(ACCEPT, 0xC2, 0xDF, TAIL_1);
    allow(ACCEPT, 0xE0, 0xE0, AFTER_E0);
    allow(ACCEPT, 0xE1, 0xEC, TAIL_2);
    allow(ACCEPT, 0xED, 0xED, AFTER_ED);
    allow(ACCEPT, 0xEE, 0xEF, TAIL_2);
    allow(ACCEPT, 0xF0, 0xF0, AFTER_F0);
    allow(ACCEPT, 0xF1, 0xF3, TAIL_3);
    allow(ACCEPT, 0xF4, 0xF4, AFTER_F4);
    // C0, C1 and F5-FF are never allowed: they could only start overlong forms or code points
    // above U+10FFFF.
    allow(TAIL_1, 0x80, 0xBF, ACCEPT);
    allow(TAIL_2, 0x80, 0xBF, TAIL_1);
    allow(TAIL_3, 0x80, 0xBF, TAIL_2);
    allow(AFTER_E0, 0xA0, 0xBF, TAIL_1);
    allow(AFTER_ED, 0x80, 0x9F, TAIL_1);
    allow(AFTER_F0, 0x90, 0xBF, TAIL_2);
    allow(AFTER_F4, 0x80, 0x8F, TAIL_2);
  }

  /** Makes bytes {@code from-to} lead from {@code state} to {@code next}. */
  private static void allow(int state, int from, int to, int next) {
    for (int b = from; b <= to; b++) {
      ROWS[b] = ROWS[b] & ~((long) STATE_MASK << state) | (long) next << state;
    }
  }

  /** Where the input seen so far leaves the state machine; see the constants above. */
  private int state = ACCEPT;

  /** A validator at the start of a message. */
  public Utf8Validator() {}

  /**
   * Validates the remaining bytes of {@code bytes} as the continuation of the input seen so far.
   * Does not move the buffer's position or limit, and never writes to it; any kind of buffer
   * (heap, direct, read-only) works.
   *
   * @return false once anything invalid has been seen since the last {@link #reset()}
   */
  public boolean update(ByteBuffer bytes) {
    if (state != REJECT) {
      state = run(state, bytes, bytes.position(), bytes.limit());
    }
    return state != REJECT;
  }

  /**
   * Validates {@code a[off .. off+len)} as the continuation of the input seen so far.
   *
   * @return false once anything invalid has been seen since the last {@link #reset()}
   * @throws IndexOutOfBoundsException if the range is not inside {@code a}
   */
  public boolean update(byte[] a, int off, int len) {
    Objects.checkFromIndexSize(off, len, a.length);
    if (state != REJECT) {
      state = run(state, a, off, off + len);
    }
    return state != REJECT;
  }

  /**
   * Whether the input so far is valid and ends between code points: the check to make at the end
   * of a message, where a truncated sequence is as invalid as a bad byte.
   */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** Whether nothing invalid has been seen so far (the input may still end mid-code point). */
  public boolean isValid() {
    return state != REJECT;
  }

  /** Forgets all input, ready for the next message. */
  public void reset() {
    state = ACCEPT;
  }

  /**
   * Whether the remaining bytes of {@code bytes} are complete, valid UTF-8. Does not move the
   * buffer's position.
   */
  public static boolean isValid(ByteBuffer bytes) {
    return run(ACCEPT, bytes, bytes.position(), bytes.limit()) == ACCEPT;
  }

  /** Whether {@code bytes} is complete, valid UTF-8. */
  public static boolean isValid(byte[] bytes) {
    return run(ACCEPT, bytes, 0, bytes.length) == ACCEPT;
  }

  /*
   * The two loops below are the same algorithm over two kinds of storage (arrays and heap
   * buffers; direct and read-only buffers); they are kept apart so each stays simple for the JIT.
   *
   * Between code points, eight bytes are tested at once and skipped while all are ASCII. The
   * rest goes through the state machine BLOCK bytes at a time with no branch per byte; REJECT is
   * sticky, so checking for it once per block rather than per byte loses nothing.
   */

  /** Bytes stepped between checks for REJECT and for a return to ASCII; two fast-path words. */
  private static final int BLOCK = 16;

  private static int step(int state, byte b) {
    return (int) (ROWS[b & 0xFF] >>> state) & STATE_MASK;
  }

  private static int run(int state, ByteBuffer in, int from, int to) {
    if (in.hasArray()) {
      // Heap buffers take the array loop: a plain array read is cheaper than the buffer's
      // bounds- and order-checked getLong.
      int offset = in.arrayOffset();
      return run(state, in.array(), offset + from, offset + to);
    }
    int i = from;
    while (i < to) {
      if (state == ACCEPT) {
        while (to - i >= Long.BYTES && (in.getLong(i) & NON_ASCII_BITS) == 0) {
          i += Long.BYTES;
        }
      }
      for (int end = to - i > BLOCK ? i + BLOCK : to; i < end; i++) { // i + BLOCK may overflow
        state = step(state, in.get(i));
      }
      if (state == REJECT) {
        return REJECT;
      }
    }
    return state;
  }

  private static int run(int state, byte[] in, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == ACCEPT) {
        while (to - i >= Long.BYTES && ((long) LONGS.get(in, i) & NON_ASCII_BITS) == 0) {
          i += Long.BYTES;
        }
      }
      for (int end = to - i > BLOCK ? i + BLOCK : to; i < end; i++) { // i + BLOCK may overflow
        state = step(state, in[i]);
      }
      if (state == REJECT) {
        return REJECT;
      }
    }
    return state;
  }
}
