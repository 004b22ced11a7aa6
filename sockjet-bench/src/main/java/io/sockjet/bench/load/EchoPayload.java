package io.sockjet.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The echo messages a driver sends and checks: a send timestamp ({@link System#nanoTime()}) up
 * front, then a fixed filler the echo must bring back unchanged. Binary messages carry the
 * timestamp as 8 big-endian bytes; text messages as 16 lowercase hex digits, so the whole text is
 * ASCII and its length in characters is its size in bytes. The filler is the letters {@code a} to
 * {@code z} over and over, which no broadcast trigger starts with. Immutable; safe from any thread.
 */
final class EchoPayload {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final boolean text;
  private final int size;
  private final int header;
  private final byte[] template;
  private final ByteBuffer filler;
  private final String textTemplate;

  /** Messages of {@code size} bytes: text (at least 16) or binary (at least 8). */
  EchoPayload(boolean text, int size) {
    this.text = text;
    this.header = text ? 16 : 8;
    if (size < header) {
      throw new IllegalArgumentException((text ? "text" : "binary") + " messages need at least "
          + header + " bytes for the timestamp, got " + size);
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
    byte[] bytes = template.clone();
    for (int i = 15; i >= 0; i--, nanos >>>= 4) {
      bytes[i] = HEX[(int) (nanos & 0xf)];
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
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
    long nanos = 0;
    for (int i = 0; i < 16; i++) {
      int digit = Character.digit(echo.get(echo.position() + i), 16);
      if (digit < 0) {
        return -1;
      }
      nanos = nanos << 4 | digit;
    }
    return nanos;
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
      for (int i = 15; i >= 0; i--, nanos >>>= 4) {
        frame.put(offset + i, (byte) (HEX[(int) (nanos & 0xf)] ^ RawFrames.maskByte(maskKey, i)));
      }
    } else {
      for (int i = 7; i >= 0; i--, nanos >>>= 8) {
        frame.put(offset + i, (byte) (nanos ^ RawFrames.maskByte(maskKey, i)));
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
