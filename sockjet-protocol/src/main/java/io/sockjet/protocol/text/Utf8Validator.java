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
 * Each byte falls in one of {@value #CLASS_COUNT} classes (see {@link #CLASSES}); the state says
 * which bytes may come next. The restricted second bytes after E0, ED, F0 and F4 are what exclude
 * overlong forms, surrogates (U+D800-DFFF) and code points above U+10FFFF; C0, C1 and F5-FF can
 * never appear at all.
 */
public final class Utf8Validator {
  /*
   * States, each premultiplied by CLASS_COUNT so that a transition is one lookup:
   * TRANSITIONS[state + CLASSES[b]]. ACCEPT must be 0: it is the state of a fresh validator and
   * the one the ASCII fast path tests for.
   */
  private static final int CLASS_COUNT = 12;
  /** Between code points: the only state in which a message may end. */
  private static final int ACCEPT = 0;
  /** One UTF8-tail (80-BF) still to come. */
  private static final int TAIL_1 = 1 * CLASS_COUNT;
  /** Two UTF8-tails still to come. */
  private static final int TAIL_2 = 2 * CLASS_COUNT;
  /** Three UTF8-tails still to come (after F1-F3). */
  private static final int TAIL_3 = 3 * CLASS_COUNT;
  /** After E0: A0-BF, then one tail (80-9F would be an overlong 3-byte form). */
  private static final int AFTER_E0 = 4 * CLASS_COUNT;
  /** After ED: 80-9F, then one tail (A0-BF would encode a surrogate). */
  private static final int AFTER_ED = 5 * CLASS_COUNT;
  /** After F0: 90-BF, then two tails (80-8F would be an overlong 4-byte form). */
  private static final int AFTER_F0 = 6 * CLASS_COUNT;
  /** After F4: 80-8F, then two tails (90-BF would be above U+10FFFF). */
  private static final int AFTER_F4 = 7 * CLASS_COUNT;
  /** Something invalid was seen; every byte leads back here (the verdict is sticky). */
  private static final int REJECT = 8 * CLASS_COUNT;

  // Byte classes: the columns of the transition table.
  private static final int ASCII = 0; // 00-7F
  private static final int TAIL_LOW = 1; // 80-8F
  private static final int TAIL_MID = 2; // 90-9F
  private static final int TAIL_HIGH = 3; // A0-BF
  private static final int NEVER = 4; // C0-C1 (only overlong), F5-FF (above U+10FFFF)
  private static final int LEAD_2 = 5; // C2-DF
  private static final int LEAD_E0 = 6;
  private static final int LEAD_3 = 7; // E1-EC, EE-EF
  private static final int LEAD_ED = 8;
  private static final int LEAD_F0 = 9;
  private static final int LEAD_4 = 10; // F1-F3
  private static final int LEAD_F4 = 11;

  /** The class of each byte value, indexed by {@code b & 0xFF}. */
  private static final byte[] CLASSES = new byte[256];

  /** The next state, indexed by {@code state + class}. Bytes suffice: states are below 128. */
  private static final byte[] TRANSITIONS = new byte[REJECT + CLASS_COUNT];

  /** The high bit of each byte of a long: all clear means eight ASCII bytes. */
  private static final long NON_ASCII_BITS = 0x8080808080808080L;

  /** Reads eight bytes of a byte[] as one long; the byte order does not matter to the mask. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  static {
    classify(0x00, 0x7F, ASCII);
    classify(0x80, 0x8F, TAIL_LOW);
    classify(0x90, 0x9F, TAIL_MID);
    classify(0xA0, 0xBF, TAIL_HIGH);
    classify(0xC0, 0xC1, NEVER);
    classify(0xC2, 0xDF, LEAD_2);
    classify(0xE0, 0xE0, LEAD_E0);
    classify(0xE1, 0xEC, LEAD_3);
    classify(0xED, 0xED, LEAD_ED);
    classify(0xEE, 0xEF, LEAD_3);
    classify(0xF0, 0xF0, LEAD_F0);
    classify(0xF1, 0xF3, LEAD_4);
    classify(0xF4, 0xF4, LEAD_F4);
    classify(0xF5, 0xFF, NEVER);

    // Everything not listed below goes to REJECT.
    Arrays.fill(TRANSITIONS, (byte) REJECT);
    allow(ACCEPT, ASCII, ACCEPT);
    allow(ACCEPT, LEAD_2, TAIL_1);
    allow(ACCEPT, LEAD_E0, AFTER_E0);
    allow(ACCEPT, LEAD_3, TAIL_2);
    allow(ACCEPT, LEAD_ED, AFTER_ED);
    allow(ACCEPT, LEAD_F0, AFTER_F0);
    allow(ACCEPT, LEAD_4, TAIL_3);
    allow(ACCEPT, LEAD_F4, AFTER_F4);
    for (int tail : new int[] {TAIL_LOW, TAIL_MID, TAIL_HIGH}) {
      allow(TAIL_1, tail, ACCEPT);
      allow(TAIL_2, tail, TAIL_1);
      allow(TAIL_3, tail, TAIL_2);
    }
    allow(AFTER_E0, TAIL_HIGH, TAIL_1);
    allow(AFTER_ED, TAIL_LOW, TAIL_1);
    allow(AFTER_ED, TAIL_MID, TAIL_1);
    allow(AFTER_F0, TAIL_MID, TAIL_2);
    allow(AFTER_F0, TAIL_HIGH, TAIL_2);
    allow(AFTER_F4, TAIL_LOW, TAIL_2);
  }

  private static void classify(int from, int to, int byteClass) {
    for (int b = from; b <= to; b++) {
      CLASSES[b] = (byte) byteClass;
    }
  }

  private static void allow(int state, int byteClass, int next) {
    TRANSITIONS[state + byteClass] = (byte) next;
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
   * The two loops below are the same algorithm over two kinds of storage; they are kept apart,
   * rather than wrapping arrays in a ByteBuffer, so each stays monomorphic for the JIT.
   *
   * Between code points, eight bytes are tested at once and skipped if all are ASCII. A word
   * that is not all ASCII is run through the state machine in full before the next word test,
   * so text that is mostly multi-byte pays one failed test per eight bytes, not one per byte.
   * REJECT is sticky, so checking for it once per word rather than per byte loses nothing.
   */

  private static int run(int state, ByteBuffer in, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == ACCEPT && to - i >= Long.BYTES) {
        if ((in.getLong(i) & NON_ASCII_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
        for (int end = i + Long.BYTES; i < end; i++) {
          state = TRANSITIONS[state + CLASSES[in.get(i) & 0xFF]];
        }
        if (state == REJECT) {
          return REJECT;
        }
      } else {
        state = TRANSITIONS[state + CLASSES[in.get(i++) & 0xFF]];
        if (state == REJECT) {
          return REJECT;
        }
      }
    }
    return state;
  }

  private static int run(int state, byte[] in, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == ACCEPT && to - i >= Long.BYTES) {
        if (((long) LONGS.get(in, i) & NON_ASCII_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
        for (int end = i + Long.BYTES; i < end; i++) {
          state = TRANSITIONS[state + CLASSES[in[i] & 0xFF]];
        }
        if (state == REJECT) {
          return REJECT;
        }
      } else {
        state = TRANSITIONS[state + CLASSES[in[i++] & 0xFF]];
        if (state == REJECT) {
          return REJECT;
        }
      }
    }
    return state;
  }
}
