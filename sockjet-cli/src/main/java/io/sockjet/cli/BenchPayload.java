package io.sockjet.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Not thread-safe; one per connection, confined to its event loop: builds the messages {@code
 * bench} sends and checks that what comes back is exactly what went out.
 *
 * <p>Layout. Binary: bytes 0-7 the sequence number, 8-15 the send time ({@code
 * System.nanoTime()}), both big-endian; text: the same two numbers as 16 lowercase hex digits
 * each (chars 0-31). The rest is a fixed filler of ASCII letters that depends on the connection,
 * so a message echoed on the wrong connection, shifted or with any byte changed fails the check.
 *
 * <p>Allocation: one buffer per connection, written in place for every message: only the header
 * changes between messages, so the filler is written once. Sending from the event loop is safe
 * with a reused buffer because the library copies what the socket does not take at once.
 */
final class BenchPayload {
  /** Sequence number and send time, 8 bytes each. */
  static final int BINARY_HEADER = 16;
  /** Sequence number and send time, 16 hex digits each. */
  static final int TEXT_HEADER = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final boolean text;
  private final int size;
  private final byte[] bytes;
  private final ByteBuffer binaryView;
  private final char[] chars;
  private final CharBuffer textView;
  private final String textTemplate;

  /**
   * Messages of {@code size} bytes (at least {@link #minimumSize}) for connection number {@code
   * connection}.
   */
  BenchPayload(boolean text, int size, int connection) {
    if (size < minimumSize(text)) {
      throw new IllegalArgumentException("size " + size + " < " + minimumSize(text));
    }
    this.text = text;
    this.size = size;
    this.bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = filler(i, connection);
    }
    this.binaryView = ByteBuffer.wrap(bytes);
    if (text) {
      this.chars = new char[size];
      for (int i = 0; i < size; i++) {
        chars[i] = (char) bytes[i];
      }
      this.textTemplate = new String(chars);
      this.textView = CharBuffer.wrap(chars);
    } else {
      this.chars = null;
      this.textTemplate = null;
      this.textView = null;
    }
  }

  /** The smallest message that holds the header: 16 bytes binary, 32 text. */
  static int minimumSize(boolean text) {
    return text ? TEXT_HEADER : BINARY_HEADER;
  }

  /** Whether messages are text. */
  boolean isText() {
    return text;
  }

  /** The binary message for {@code seq} sent at {@code sentAt}; the buffer is reused. */
  ByteBuffer binary(long seq, long sentAt) {
    binaryView.clear();
    binaryView.putLong(0, seq).putLong(8, sentAt);
    return binaryView;
  }

  /** The text message for {@code seq} sent at {@code sentAt}; the characters are reused. */
  CharSequence text(long seq, long sentAt) {
    putHex(chars, 0, seq);
    putHex(chars, 16, sentAt);
    textView.clear();
    return textView;
  }

  /** Whether {@code data} is exactly the binary message for {@code seq} sent at {@code sentAt}. */
  boolean matches(ByteBuffer data, long seq, long sentAt) {
    if (text || data.remaining() != size) {
      return false;
    }
    int p = data.position();
    if (data.getLong(p) != seq || data.getLong(p + 8) != sentAt) {
      return false;
    }
    if (data.hasArray()) {
      int off = data.arrayOffset() + p;
      return Arrays.mismatch(data.array(), off + BINARY_HEADER, off + size,
          bytes, BINARY_HEADER, size) < 0;
    }
    for (int i = BINARY_HEADER; i < size; i++) {
      if (data.get(p + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is exactly the text message for {@code seq} sent at {@code sentAt}. */
  boolean matches(String s, long seq, long sentAt) {
    return matches(s, 0, seq, sentAt);
  }

  /**
   * Whether {@code s} from {@code offset} to its end is exactly the text message for {@code seq}
   * sent at {@code sentAt}: a payload that arrives behind a prefix ({@code msg TOPIC }).
   */
  boolean matches(String s, int offset, long seq, long sentAt) {
    return text && s.length() - offset == size && hexMatches(s, offset, seq)
        && hexMatches(s, offset + 16, sentAt)
        && s.regionMatches(offset + TEXT_HEADER, textTemplate, TEXT_HEADER, size - TEXT_HEADER);
  }

  /**
   * The sequence number of the text message at {@code offset} of {@code s}, read without knowing
   * it beforehand (as a subscriber must); {@link #matches(String, int, long, long)} then checks
   * the whole message.
   *
   * @throws NumberFormatException if there are not 16 hex digits there
   */
  static long textSeq(String s, int offset) {
    return hex(s, offset);
  }

  /** The send time of the text message at {@code offset} of {@code s}; see {@link #textSeq}. */
  static long textSentAt(String s, int offset) {
    return hex(s, offset + 16);
  }

  private static long hex(String s, int at) {
    if (s.length() < at + 16) {
      throw new NumberFormatException("too short for a header: " + s.length() + " chars");
    }
    return Long.parseUnsignedLong(s, at, at + 16, 16);
  }

  /** Letters, varied by position and connection, so a shifted or misrouted payload differs. */
  private static byte filler(int i, int connection) {
    return (byte) ('a' + Math.floorMod(i * 7 + connection, 26));
  }

  private static void putHex(char[] dst, int at, long v) {
    for (int i = 0; i < 16; i++) {
      dst[at + i] = HEX[(int) (v >>> (60 - 4 * i)) & 0xf];
    }
  }

  private static boolean hexMatches(String s, int at, long v) {
    for (int i = 0; i < 16; i++) {
      if (s.charAt(at + i) != HEX[(int) (v >>> (60 - 4 * i)) & 0xf]) {
        return false;
      }
    }
    return true;
  }
}
