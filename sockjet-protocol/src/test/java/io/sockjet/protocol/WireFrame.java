package io.sockjet.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame read back from a connection's output by a decoder written separately from the one
 * under test, so output checks do not trust the code they check.
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

  /** Reads every whole frame in {@code bytes}; fails on trailing garbage. */
  static List<WireFrame> parseAll(byte[] bytes) {
    List<WireFrame> out = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.hasRemaining()) {
      int b0 = in.get() & 0xff;
      int b1 = in.get() & 0xff;
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.getShort() & 0xffff;
      } else if (len == 127) {
        len = in.getLong();
      }
      boolean masked = (b1 & 0x80) != 0;
      byte[] key = new byte[4];
      if (masked) {
        in.get(key);
      }
      byte[] payload = new byte[(int) len];
      in.get(payload);
      if (masked) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= key[i & 3];
        }
      }
      out.add(new WireFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xf, masked, payload));
    }
    return out;
  }

  /** The close code of a close frame, or -1 if it has no body. */
  int closeCode() {
    return payload.length < 2 ? -1 : (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
  }
}
