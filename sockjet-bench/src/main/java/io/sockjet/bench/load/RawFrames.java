package io.sockjet.bench.load;

import java.nio.ByteBuffer;

/**
 * Client frames for the raw drivers (RFC 6455 §5.2, §5.3): built once per connection with the
 * connection's masking key, so sending a message is a copy plus the few bytes that change.
 * Stateless; safe from any thread.
 */
final class RawFrames {
  private RawFrames() {}

  /**
   * A whole masked frame (FIN set) carrying {@code payload} under {@code maskKey}: the header
   * with the 7-, 16- or 64-bit length, the key, then the payload XORed with the key.
   */
  static byte[] masked(int opcode, byte[] payload, int maskKey) {
    int n = payload.length;
    int header = n <= 125 ? 2 : n <= 0xffff ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + 4 + n);
    frame.put((byte) (0x80 | opcode));
    if (n <= 125) {
      frame.put((byte) (0x80 | n));
    } else if (n <= 0xffff) {
      frame.put((byte) (0x80 | 126)).putShort((short) n);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(n);
    }
    frame.putInt(maskKey);
    for (int i = 0; i < n; i++) {
      frame.put((byte) (payload[i] ^ maskByte(maskKey, i)));
    }
    return frame.array();
  }

  /** The offset of the payload in a masked frame of this payload length. */
  static int payloadOffset(int payloadLength) {
    return (payloadLength <= 125 ? 2 : payloadLength <= 0xffff ? 4 : 10) + 4;
  }

  /** The key byte that masks payload byte {@code i} (RFC 6455 §5.3: octet i XOR key[i mod 4]). */
  static byte maskByte(int maskKey, int i) {
    return (byte) (maskKey >>> (24 - 8 * (i & 3)));
  }

  /** A masked pong echoing a ping's payload (RFC 6455 §5.5.3). */
  static ByteBuffer pong(ByteBuffer pingPayload, int maskKey) {
    byte[] payload = new byte[pingPayload.remaining()];
    pingPayload.get(payload);
    return ByteBuffer.wrap(masked(0xA, payload, maskKey));
  }
}
