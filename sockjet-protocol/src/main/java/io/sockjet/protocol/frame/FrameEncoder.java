package io.sockjet.protocol.frame;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Not thread-safe; an instance is confined to one connection's thread (the static methods are
 * stateless and safe anywhere). Writes RFC 6455 §5.2 frames into caller buffers.
 *
 * <p>The static methods write a header, or a whole frame into a new buffer. An instance encodes
 * one frame at a time into a fixed-size buffer: {@link #begin} takes the frame, then each {@link
 * #encode} call writes as much of it as {@code dst} has room for, so a large payload streams
 * through one small write buffer (the JDK {@code MessageEncoder} model).
 *
 * <p>Masking always writes into the destination; the caller's payload buffer is never modified
 * and its position never moved.
 */
public final class FrameEncoder {

  /** Largest payload length that fits the 7-bit length field (126 and 127 are markers). */
  private static final int MAX_LENGTH_7 = 125;
  /** Largest payload length that fits the 16-bit extended length. */
  private static final int MAX_LENGTH_16 = 0xFFFF;

  /** The header of the frame in progress, written once by {@link #begin}. */
  private final byte[] header = new byte[FrameParser.MAX_HEADER_LENGTH];

  private final ByteBuffer headerBuffer = ByteBuffer.wrap(header);
  private int headerLength;
  private int headerWritten;

  /** The caller's payload; read by absolute index, never modified. Null when idle. */
  private ByteBuffer payload;

  private int payloadStart;
  private int payloadNext;
  private int payloadEnd;
  private boolean masked;
  private int maskKey;

  /** An idle encoder; call {@link #begin} to start a frame. */
  public FrameEncoder() {}

  /**
   * The header length for a payload of this length: 2, 4 or 10 bytes, plus 4 for a masking key.
   *
   * @throws IllegalArgumentException if {@code payloadLength} is negative
   */
  public static int headerLength(long payloadLength, boolean masked) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payloadLength < 0: " + payloadLength);
    }
    int length =
        payloadLength <= MAX_LENGTH_7 ? 2 : payloadLength <= MAX_LENGTH_16 ? 2 + 2 : 2 + 8;
    return masked ? length + 4 : length;
  }

  /**
   * Writes a frame header at {@code dst}'s position and advances it, using the minimal length
   * encoding (RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length").
   * Nothing is written unless it all fits.
   *
   * @param fin the FIN bit
   * @param rsv the reserved bits as a value 0-7 (RSV1 = 4, RSV2 = 2, RSV3 = 1)
   * @param opcode the opcode, 0-15; not checked against the defined ones, so tests can send any
   * @param payloadLength the payload length, {@code >= 0}
   * @param masked whether to set the MASK bit and write {@code maskKey}
   * @param maskKey the masking key, most significant byte first; ignored unless masked
   * @throws IllegalArgumentException for a negative length, or rsv or opcode out of range
   * @throws BufferOverflowException if {@code dst} has less room than {@link #headerLength}
   */
  public static void writeHeader(
      ByteBuffer dst,
      boolean fin,
      int rsv,
      int opcode,
      long payloadLength,
      boolean masked,
      int maskKey) {
    checkBits(rsv, opcode);
    int length = headerLength(payloadLength, masked);
    if (dst.remaining() < length) {
      throw new BufferOverflowException();
    }
    dst.put((byte) ((fin ? FrameParser.B0_FIN : 0) | rsv << FrameParser.B0_RSV_SHIFT | opcode));
    int maskBit = masked ? FrameParser.B1_MASK : 0;
    if (payloadLength <= MAX_LENGTH_7) {
      dst.put((byte) (maskBit | (int) payloadLength));
    } else if (payloadLength <= MAX_LENGTH_16) {
      dst.put((byte) (maskBit | FrameParser.LENGTH_16));
      dst.put((byte) (payloadLength >>> 8));
      dst.put((byte) payloadLength);
    } else {
      dst.put((byte) (maskBit | FrameParser.LENGTH_64));
      for (int shift = 56; shift >= 0; shift -= 8) {
        dst.put((byte) (payloadLength >>> shift));
      }
    }
    if (masked) {
      dst.put((byte) (maskKey >>> 24));
      dst.put((byte) (maskKey >>> 16));
      dst.put((byte) (maskKey >>> 8));
      dst.put((byte) maskKey);
    }
  }

  /**
   * A whole frame in a new heap buffer, ready to read: header, then the remaining bytes of {@code
   * payload}, masked if asked. For tests and small control frames; {@code payload} is neither
   * modified nor moved.
   *
   * @throws IllegalArgumentException if rsv or opcode is out of range
   */
  public static ByteBuffer encode(
      boolean fin, int rsv, int opcode, ByteBuffer payload, boolean masked, int maskKey) {
    int length = payload.remaining();
    ByteBuffer frame = ByteBuffer.allocate(headerLength(length, masked) + length);
    writeHeader(frame, fin, rsv, opcode, length, masked, maskKey);
    int start = frame.position();
    frame.put(start, payload, payload.position(), length);
    if (masked) {
      Masker.mask(frame, start, start + length, maskKey, 0);
    }
    return frame.clear();
  }

  /**
   * Starts a frame carrying the remaining bytes of {@code payload}. The encoder keeps a reference
   * to {@code payload} and reads it by absolute index until {@link #encode} returns {@code true};
   * the caller must not change those bytes until then. Its position is not moved.
   *
   * @throws IllegalStateException if the previous frame is not fully encoded
   * @throws IllegalArgumentException if rsv or opcode is out of range
   */
  public void begin(
      boolean fin, int rsv, int opcode, ByteBuffer payload, boolean masked, int maskKey) {
    if (this.payload != null) {
      throw new IllegalStateException("the previous frame is not fully encoded");
    }
    headerBuffer.clear();
    writeHeader(headerBuffer, fin, rsv, opcode, payload.remaining(), masked, maskKey);
    headerLength = headerBuffer.position();
    headerWritten = 0;
    this.payload = payload;
    payloadStart = payload.position();
    payloadNext = payloadStart;
    payloadEnd = payload.limit();
    this.masked = masked;
    this.maskKey = maskKey;
  }

  /**
   * Writes as much of the current frame as fits in {@code dst} and advances its position. A header
   * may be split across calls like the payload; each call makes progress if {@code dst} has any
   * room.
   *
   * @return {@code true} once the whole frame has been written (the encoder is then idle and no
   *     longer references the payload); {@code false} if {@code dst} filled up first
   * @throws IllegalStateException if no frame was begun
   */
  public boolean encode(ByteBuffer dst) {
    if (payload == null) {
      throw new IllegalStateException("no frame begun");
    }
    if (headerWritten < headerLength) {
      int n = Math.min(headerLength - headerWritten, dst.remaining());
      dst.put(header, headerWritten, n);
      headerWritten += n;
      if (headerWritten < headerLength) {
        return false;
      }
    }
    int at = dst.position();
    int n = Math.min(payloadEnd - payloadNext, dst.limit() - at);
    dst.put(at, payload, payloadNext, n);
    if (masked) {
      Masker.mask(dst, at, at + n, maskKey, payloadNext - payloadStart);
    }
    dst.position(at + n);
    payloadNext += n;
    if (payloadNext < payloadEnd) {
      return false;
    }
    payload = null;
    return true;
  }

  private static void checkBits(int rsv, int opcode) {
    if ((rsv & ~0x7) != 0) {
      throw new IllegalArgumentException("rsv not in 0-7: " + rsv);
    }
    if ((opcode & ~0xF) != 0) {
      throw new IllegalArgumentException("opcode not in 0-15: " + opcode);
    }
  }
}
