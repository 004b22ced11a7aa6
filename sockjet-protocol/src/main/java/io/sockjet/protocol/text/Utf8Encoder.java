package io.sockjet.protocol.text;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Stateless and thread-safe: static functions only.
 *
 * <p>Encodes text as UTF-8 (RFC 3629) straight into a frame buffer. A frame header carries the
 * payload length, so a sender asks {@link #encodedLength} first, writes the header, then calls
 * {@link #encode(CharSequence, ByteBuffer)} into the same buffer: no intermediate {@code byte[]}.
 *
 * <p>Unpaired surrogates (a high surrogate not followed by a low one, or a low surrogate not
 * preceded by a high one) are encoded as U+FFFD REPLACEMENT CHARACTER ({@code EF BF BD}), so the
 * output is always valid UTF-8 and a peer never fails the connection with 1007 because of a
 * malformed Java string (RFC 6455 §5.6: text "MUST be ... valid UTF-8"). This differs from
 * {@code String.getBytes(UTF_8)}, which writes a one-byte {@code '?'} instead; for text without
 * unpaired surrogates the two agree byte for byte.
 */
public final class Utf8Encoder {
  /** The largest number of bytes one {@code char} can need: 3 (a surrogate pair needs 4 for 2). */
  private static final int MAX_BYTES_PER_CHAR = 3;

  /** U+FFFD REPLACEMENT CHARACTER in UTF-8, written for each unpaired surrogate. */
  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  private Utf8Encoder() {}

  /** The number of bytes {@link #encode(CharSequence, ByteBuffer)} writes for {@code s}. */
  public static int encodedLength(CharSequence s) {
    int n = s.length();
    // Every char needs at least one byte; add the extra bytes of the non-ASCII ones. Counted in
    // a long because up to 3 bytes per char can exceed an int for strings over ~715M chars.
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // 4 bytes for 2 chars
        i++;
      } else {
        bytes += 2; // 3 bytes, including an unpaired surrogate written as U+FFFD
      }
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("UTF-8 encoding longer than 2^31-1 bytes: " + bytes);
    }
    return (int) bytes;
  }

  /**
   * Writes the UTF-8 encoding of {@code s} at {@code dst}'s position and advances it by exactly
   * {@link #encodedLength(CharSequence) encodedLength(s)} bytes.
   *
   * @throws BufferOverflowException if {@code dst} has less room than that; nothing is written
   *     and the position is unchanged
   * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only
   */
  public static void encode(CharSequence s, ByteBuffer dst) {
    int n = s.length();
    // Only measure when the worst case might not fit: most frame buffers have room to spare.
    if ((long) n * MAX_BYTES_PER_CHAR > dst.remaining() && encodedLength(s) > dst.remaining()) {
      throw new BufferOverflowException();
    }
    int written;
    if (dst.hasArray()) {
      int start = dst.arrayOffset() + dst.position();
      written = encode(s, dst.array(), start) - start;
    } else {
      written = encodeAbsolute(s, dst, dst.position()) - dst.position();
    }
    dst.position(dst.position() + written);
  }

  /** The UTF-8 encoding of {@code s} in a new array of {@link #encodedLength} bytes. */
  public static byte[] encode(CharSequence s) {
    byte[] out = new byte[encodedLength(s)];
    encode(s, out, 0);
    return out;
  }

  /**
   * The length, in chars, of the longest prefix of {@code s} whose encoding fits in
   * {@code maxBytes}, never splitting a surrogate pair. Used to truncate a close reason (RFC 6455
   * §5.5: control frame payloads are at most 125 bytes) without cutting a code point in half.
   */
  public static int charsFitting(CharSequence s, int maxBytes) {
    int n = s.length();
    int bytes = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int chars = 1;
      int size;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        size = 4;
        chars = 2;
      } else {
        size = 3;
      }
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += chars;
    }
    return i;
  }

  /**
   * Encodes all of {@code s} into {@code out} from {@code at}; the caller has checked the room.
   * Returns the index after the last byte written.
   */
  private static int encode(CharSequence s, byte[] out, int at) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      // ASCII run: the common case for protocol text, one compare and one store per char.
      while (c < 0x80) {
        out[at++] = (byte) c;
        if (++i == n) {
          return at;
        }
        c = s.charAt(i);
      }
      if (c < 0x800) {
        out[at++] = (byte) (0xC0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3F);
        i++;
      } else if (!Character.isSurrogate(c)) {
        out[at++] = (byte) (0xE0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | c & 0x3F);
        i++;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        out[at++] = (byte) (0xF0 | cp >> 18);
        out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | cp & 0x3F);
        i += 2;
      } else {
        at = replacement(out, at);
        i++;
      }
    }
    return at;
  }

  /** As {@link #encode(CharSequence, byte[], int)} for buffers without an accessible array. */
  private static int encodeAbsolute(CharSequence s, ByteBuffer out, int at) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put(at++, (byte) c);
        i++;
      } else if (c < 0x800) {
        out.put(at++, (byte) (0xC0 | c >> 6));
        out.put(at++, (byte) (0x80 | c & 0x3F));
        i++;
      } else if (!Character.isSurrogate(c)) {
        out.put(at++, (byte) (0xE0 | c >> 12));
        out.put(at++, (byte) (0x80 | c >> 6 & 0x3F));
        out.put(at++, (byte) (0x80 | c & 0x3F));
        i++;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        out.put(at++, (byte) (0xF0 | cp >> 18));
        out.put(at++, (byte) (0x80 | cp >> 12 & 0x3F));
        out.put(at++, (byte) (0x80 | cp >> 6 & 0x3F));
        out.put(at++, (byte) (0x80 | cp & 0x3F));
        i += 2;
      } else {
        out.put(at++, REPLACEMENT[0]).put(at++, REPLACEMENT[1]).put(at++, REPLACEMENT[2]);
        i++;
      }
    }
    return at;
  }

  private static int replacement(byte[] out, int at) {
    out[at] = REPLACEMENT[0];
    out[at + 1] = REPLACEMENT[1];
    out[at + 2] = REPLACEMENT[2];
    return at + 3;
  }
}
