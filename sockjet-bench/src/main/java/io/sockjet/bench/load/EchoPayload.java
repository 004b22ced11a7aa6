package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The echo messages a driver sends and checks: a send timestamp ({@link System#nanoTime()}) up
 * front, then a fixed filler the echo must bring back unchanged. Binary messages carry the
 * timestamp as 8 big-endian bytes; text messages as 16 lowercase hex digits, so the whole text is
 * ASCII and its length in characters is its size in bytes. The filler is the letters {@code a} to
 * {@code z} over and over, which no broadcast trigger starts with. Immutable; safe from any thread.
 *
 * <p>A sequenced payload (a fan-out's, where a subscriber must tell a lost message from a late
 * one) carries the publisher's count of its messages after the timestamp: 8 hex digits in text,
 * a 4-byte big-endian int in binary. The filler starts after it.
 */
final class EchoPayload {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final boolean text;
  private final int size;
  /** Where the sequence number starts (the timestamp's length), and its length (0: none). */
  private final int stampLength;
  private final int sequenceLength;
  private final int header;
  private final byte[] template;
  private final ByteBuffer filler;
  private final String textTemplate;

  /** Messages of {@code size} bytes: text (at least 16) or binary (at least 8). */
  EchoPayload(boolean text, int size) {
    this(text, size, false);
  }

  /**
   * Messages of {@code size} bytes, with a sequence number after the timestamp if {@code
   * sequenced}: text (at least 16 bytes, 24 sequenced) or binary (at least 8, 12 sequenced).
   */
  EchoPayload(boolean text, int size, boolean sequenced) {
    this.text = text;
    this.stampLength = text ? 16 : 8;
    this.sequenceLength = !sequenced ? 0 : text ? 8 : 4;
    this.header = stampLength + sequenceLength;
    if (size < header) {
      throw new IllegalArgumentException((text ? "text" : "binary") + " messages need at least "
          + header + " bytes for the timestamp" + (sequenced ? " and sequence" : "") + ", got "
          + size);
    }
    this.size = size;
    this.template = new byte[size];
    for (int i = header; i < size; i++) {
      template[i] = (byte) ('a' + i % 26);
    }
    this.filler = ByteBuffer.wrap(template, header, size - header).slice().asReadOnlyBuffer();
    this.textTemplate = new String(template, StandardCharsets.ISO_8859_1);
  }

  /** Whether the messages are text. */
  boolean text() {
    return text;
  }

  /** The message size in bytes. */
  int size() {
    return size;
  }

  /** A new binary message stamped with {@code nanos}. */
  ByteBuffer binary(long nanos) {
    ByteBuffer message = ByteBuffer.wrap(template.clone());
    message.putLong(0, nanos);
    return message;
  }

  /** A text message stamped with {@code nanos}. */
  String text(long nanos) {
    ByteBuffer bytes = ByteBuffer.wrap(template.clone());
    putHex(bytes, 0, 0, nanos, 16, 0);
    return new String(bytes.array(), StandardCharsets.ISO_8859_1);
  }

  /** The timestamp of an echoed binary message, or -1 if the echo is not what was sent. */
  long sentAt(ByteBuffer echo) {
    if (text || echo.remaining() != size
        || echo.slice(echo.position() + header, size - header).mismatch(filler) != -1) {
      return -1;
    }
    return echo.getLong(echo.position());
  }

  /**
   * The timestamp of an echo as raw bytes with its opcode (1 text, 2 binary), or -1 if the echo
   * is not what was sent. Reads by absolute index; the payload's position does not move.
   */
  long sentAt(int opcode, ByteBuffer echo) {
    if (opcode != (text ? 1 : 2) || echo.remaining() != size
        || echo.slice(echo.position() + header, size - header).mismatch(filler) != -1) {
      return -1;
    }
    if (!text) {
      return echo.getLong(echo.position());
    }
    return hex(echo, echo.position(), 16);
  }

  /**
   * The sequence number of a message that {@link #sentAt(int, ByteBuffer)} accepted, or -1 if
   * it has none (or the payload is not sequenced). Reads by absolute index.
   */
  long sequence(ByteBuffer message) {
    if (sequenceLength == 0) {
      return -1;
    }
    int at = message.position() + stampLength;
    return text ? hex(message, at, sequenceLength) : message.getInt(at) & 0xffffffffL;
  }

  /** The value of {@code digits} hex digits at {@code index}, or -1 if one is not a digit. */
  private static long hex(ByteBuffer bytes, int index, int digits) {
    long value = 0;
    for (int i = 0; i < digits; i++) {
      int digit = Character.digit(bytes.get(index + i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /**
   * Writes {@code value} as {@code digits} hex digits at index {@code at} of a payload that starts
   * at {@code offset} in {@code bytes}, masked by {@code maskKey} (0: unmasked).
   */
  private static void putHex(ByteBuffer bytes, int offset, int at, long value, int digits,
      int maskKey) {
    for (int i = at + digits - 1; i >= at; i--, value >>>= 4) {
      bytes.put(offset + i, (byte) (HEX[(int) (value & 0xf)] ^ RawFrames.maskByte(maskKey, i)));
    }
  }

  /** The payload bytes with a zero timestamp: what a prebuilt frame carries until stamped. */
  byte[] template() {
    return template.clone();
  }

  /**
   * Writes the timestamp of a message sent at {@code nanos} into {@code frame} at {@code offset}
   * (where the payload starts), masked with {@code maskKey}.
   */
  void stamp(ByteBuffer frame, int offset, long nanos, int maskKey) {
    if (text) {
      putHex(frame, offset, 0, nanos, 16, maskKey);
    } else {
      for (int i = 7; i >= 0; i--, nanos >>>= 8) {
        frame.put(offset + i, (byte) (nanos ^ RawFrames.maskByte(maskKey, i)));
      }
    }
  }

  /**
   * Writes the timestamp and the sequence number of a sequenced message into {@code frame}, as
   * {@link #stamp(ByteBuffer, int, long, int)} writes the timestamp.
   */
  void stamp(ByteBuffer frame, int offset, long nanos, long sequence, int maskKey) {
    stamp(frame, offset, nanos, maskKey);
    if (sequenceLength == 0) {
      throw new IllegalStateException("not a sequenced payload");
    }
    if (text) {
      putHex(frame, offset, stampLength, sequence, sequenceLength, maskKey);
    } else {
      for (int i = sequenceLength - 1; i >= 0; i--, sequence >>>= 8) {
        frame.put(offset + stampLength + i,
            (byte) (sequence ^ RawFrames.maskByte(maskKey, stampLength + i)));
      }
    }
  }

  /** The timestamp of an echoed text message, or -1 if the echo is not what was sent. */
  long sentAt(String echo) {
    if (!text || echo.length() != size
        || !echo.regionMatches(header, textTemplate, header, size - header)) {
      return -1;
    }
    long nanos = 0;
    for (int i = 0; i < 16; i++) {
      int digit = Character.digit(echo.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      nanos = nanos << 4 | digit;
    }
    return nanos;
  }
}
