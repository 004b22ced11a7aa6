package io.sockjet.internal;

import java.nio.ByteBuffer;

/**
 * The frame of a topic's message between nodes, on the broker: version, kind, origin node, and
 * the origin's sequence number for the topic, then the payload as it is. 18 bytes, not JSON: the
 * payload is neither escaped nor copied into text.
 *
 * <pre>
 *   0      1      2 .. 9            10 .. 17          18 ..
 *   +------+------+-----------------+-----------------+---------
 *   | 0x01 | kind | origin (int64)  | sequence (int64)| payload
 *   +------+------+-----------------+-----------------+---------
 *   kind: 0x01 text (UTF-8), 0x02 binary; big-endian integers
 * </pre>
 *
 * @param text whether the payload is a text message (UTF-8) rather than binary
 * @param origin the publishing node's id, random per server start
 * @param sequence the origin's count of its publishes to this topic, from 1
 * @param payload the message (a view of the envelope's bytes when decoded)
 */
record Envelope(boolean text, long origin, long sequence, ByteBuffer payload) {
  static final byte VERSION = 1;
  static final int HEADER = 18;
  private static final byte TEXT = 1;
  private static final byte BINARY = 2;

  /** The envelope's bytes: the header, then {@code payload}'s remaining bytes (not moved). */
  ByteBuffer encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + payload.remaining());
    out.put(VERSION).put(text ? TEXT : BINARY).putLong(origin).putLong(sequence);
    out.put(payload.duplicate());
    return out.flip();
  }

  /**
   * Reads an envelope; its payload is a view of {@code bytes}, valid as long as they are.
   *
   * @throws IllegalArgumentException if the bytes are not an envelope of this version
   */
  static Envelope decode(ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate();
    if (b.remaining() < HEADER) {
      throw new IllegalArgumentException("an envelope has at least " + HEADER + " bytes, not "
          + b.remaining());
    }
    byte version = b.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("envelope version " + version + ", expected " + VERSION);
    }
    byte kind = b.get();
    if (kind != TEXT && kind != BINARY) {
      throw new IllegalArgumentException("envelope kind " + kind);
    }
    long origin = b.getLong();
    long sequence = b.getLong();
    return new Envelope(kind == TEXT, origin, sequence, b.slice());
  }
}
