package io.sockjet.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the bytes of one WebSocket frame, valid or not, independently of Sockjet's encoder, so
 * tests can send a peer exactly the malformed input they mean to (RFC 6455 §5.2 layout).
 * Not thread-safe; a builder per frame.
 *
 * <pre>{@code
 * byte[] ping = RawFrame.of(0x9).payload("hi").mask(0x37fa213d).bytes();
 * byte[] bad  = RawFrame.of(0x1).rsv(4).payload("x").bytes(); // RSV1 without an extension
 * }</pre>
 */
public final class RawFrame {
  private boolean fin = true;
  private int rsv;
  private final int opcode;
  private byte[] payload = new byte[0];
  private Integer maskKey;
  private long declaredLength = -1;
  private int lengthBytes = -1;

  private RawFrame(int opcode) {
    this.opcode = opcode;
  }

  /** A final, unmasked frame with an empty payload and the given 4-bit opcode. */
  public static RawFrame of(int opcode) {
    return new RawFrame(opcode);
  }

  /** Sets the FIN bit. */
  public RawFrame fin(boolean fin) {
    this.fin = fin;
    return this;
  }

  /** Sets the three RSV bits (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
  public RawFrame rsv(int rsv) {
    this.rsv = rsv;
    return this;
  }

  /** Sets the payload. */
  public RawFrame payload(byte[] payload) {
    this.payload = payload.clone();
    return this;
  }

  /** Sets the payload to the UTF-8 bytes of {@code text}. */
  public RawFrame payload(String text) {
    return payload(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Masks the payload with {@code key} (big-endian), as a client must. */
  public RawFrame mask(int key) {
    this.maskKey = key;
    return this;
  }

  /** Declares a payload length other than the real one (to send a lie). */
  public RawFrame declaredLength(long length) {
    this.declaredLength = length;
    return this;
  }

  /** Forces the length encoding: 0 (7-bit), 2 (16-bit) or 8 (64-bit) extra bytes. */
  public RawFrame lengthBytes(int n) {
    this.lengthBytes = n;
    return this;
  }

  /** The frame's bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
    out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf));
    long length = declaredLength >= 0 ? declaredLength : payload.length;
    int extra = lengthBytes >= 0 ? lengthBytes : length <= 125 ? 0 : length <= 0xffff ? 2 : 8;
    int maskBit = maskKey != null ? 0x80 : 0;
    if (extra == 0) {
      out.write(maskBit | (int) length);
    } else if (extra == 2) {
      out.write(maskBit | 126);
      out.write((int) (length >>> 8) & 0xff);
      out.write((int) length & 0xff);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >>> shift) & 0xff);
      }
    }
    byte[] body = payload.clone();
    if (maskKey != null) {
      int key = maskKey;
      byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
      out.write(k, 0, 4);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= k[i & 3];
      }
    }
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  /** Concatenates frames into one input. */
  public static byte[] concat(byte[]... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      out.write(f, 0, f.length);
    }
    return out.toByteArray();
  }
}
