package io.sockjet.protocol.frame;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * Not thread-safe; confined to one connection's thread. Splits a byte stream into RFC 6455 frames,
 * checking syntax only.
 *
 * <p>Push-style and resumable: {@link #parse} takes whatever bytes the network delivered, reports
 * what they complete to a {@link FrameSink}, and keeps only the bytes of a partial header (at most
 * {@value #MAX_HEADER_LENGTH}) between calls. Payload bytes are never copied or kept: each piece is
 * handed to the sink as a view into the caller's buffer as soon as it is available.
 *
 * <p>The parser itself rejects only what it cannot represent or was told to refuse, before any
 * payload byte is consumed: a 64-bit length with the most significant bit set ({@link
 * Violation#LENGTH_OUT_OF_RANGE}) and a length above the configured limit ({@link
 * Violation#FRAME_TOO_BIG}). Every other rule (reserved bits, opcodes, masking by role, control
 * frame sizes, fragmentation) belongs to the sink, which receives the raw header values. It does
 * not require the minimal length encoding: RFC 6455 §5.2 says "the minimal number of bytes MUST be
 * used to encode the length" but prescribes nothing for a receiver, and deployed peers vary.
 *
 * <p>Once {@code parse} has thrown (a violation found here, or anything the sink threw) the stream
 * position is lost, and the parser is unusable: further calls throw {@link IllegalStateException}.
 *
 * <p>Per frame the parser allocates nothing; it allocates one view buffer per distinct input
 * buffer it is given, and for masked frames in direct memory one {@link Masker#longsOf} view (so
 * none in steady state when the caller reuses its read buffer).
 */
public final class FrameParser {

  /*
   * RFC 6455 §5.2 base framing:
   *
   *   0                   1                   2                   3
   *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   *  +-+-+-+-+-------+-+-------------+-------------------------------+
   *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
   *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
   *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
   *  | |1|2|3|       |K|             |                               |
   *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
   *  |     Extended payload length continued, if payload len == 127  |
   *  + - - - - - - - - - - - - - - - +-------------------------------+
   *  |                               |Masking-key, if MASK set to 1  |
   *  +-------------------------------+-------------------------------+
   */

  /** Byte 0: FIN bit. */
  static final int B0_FIN = 0x80;
  /** Byte 0: RSV1-3 as a 3-bit field, shifted down by {@link #B0_RSV_SHIFT}. */
  static final int B0_RSV = 0x70;
  /** Byte 0: shift of the RSV field. */
  static final int B0_RSV_SHIFT = 4;
  /** Byte 0: the opcode. */
  static final int B0_OPCODE = 0x0F;
  /** Byte 1: MASK bit. */
  static final int B1_MASK = 0x80;
  /** Byte 1: the 7-bit payload length or one of the two markers below. */
  static final int B1_LENGTH = 0x7F;
  /** 7-bit length value announcing a 16-bit extended length. */
  static final int LENGTH_16 = 126;
  /** 7-bit length value announcing a 64-bit extended length. */
  static final int LENGTH_64 = 127;
  /** The longest header: 2 fixed bytes, an 8-byte extended length and a 4-byte masking key. */
  static final int MAX_HEADER_LENGTH = 2 + 8 + 4;

  private long maxFramePayload;

  /**
   * Holds a header split across {@code parse} calls, in an array of {@value #MAX_HEADER_LENGTH}
   * bytes it wraps. Created by the first split header and kept: headers mostly arrive whole, and
   * a parser per idle connection should not hold this for nothing.
   */
  private ByteBuffer partial;
  /** Bytes of a partial header held in {@link #partial}; 0 unless a header is split. */
  private int headLength;

  /** Payload bytes of the current frame not yet delivered, or -1 while reading a header. */
  private long payloadRemaining = -1;

  private boolean masked;
  private int maskKey;
  /** Index within the current payload of the next byte to unmask, modulo 4. */
  private int maskOffset;

  /** Set for the duration of a parse call; still set afterwards only if that call threw. */
  private boolean broken;

  /**
   * A duplicate of {@link #viewSource}, handed to the sink. Owned by the parser; reused across
   * calls while the caller passes the same input buffer. Its byte order is always big-endian.
   */
  private ByteBuffer view;

  private ByteBuffer viewSource;

  /** A {@link Masker#longsOf} view of {@link #longsSource}, the last direct buffer unmasked. */
  private LongBuffer longs;

  private ByteBuffer longsSource;

  /**
   * A parser that refuses frames whose payload is longer than {@code maxFramePayload} bytes.
   *
   * @param maxFramePayload the largest payload accepted, {@code >= 0}; {@code Long.MAX_VALUE} for
   *     no limit beyond the 63 bits the protocol allows
   */
  public FrameParser(long maxFramePayload) {
    setMaxFramePayload(maxFramePayload);
  }

  /**
   * Changes the payload limit; applies from the next header read.
   *
   * @param maxFramePayload the largest payload accepted, {@code >= 0}
   */
  public void setMaxFramePayload(long maxFramePayload) {
    if (maxFramePayload < 0) {
      throw new IllegalArgumentException("maxFramePayload < 0: " + maxFramePayload);
    }
    this.maxFramePayload = maxFramePayload;
  }

  /**
   * Whether the bytes parsed so far end exactly at a frame boundary: no partial header is held
   * and no payload is outstanding. At end of stream, {@code false} means the peer stopped mid-frame.
   */
  public boolean isAtFrameBoundary() {
    return payloadRemaining < 0 && headLength == 0;
  }

  /**
   * Consumes all remaining bytes of {@code in}, reporting each header, payload piece and frame end
   * to {@code sink} as soon as it is complete. On return {@code in.position() == in.limit()}.
   *
   * <p>Buffer contract: masked payload bytes are unmasked <em>in place</em>, so {@code in} must be
   * writable when frames are masked, and its payload bytes are changed by this call (its byte
   * order is left as it was; see {@link Masker#mask}). The views
   * passed to {@link FrameSink#framePayload} share {@code in}'s content, cover only the current
   * frame's bytes, are big-endian, and are valid until the sink returns; a frame's last piece is
   * followed at once by {@link FrameSink#frameEnd}, so its bytes stay unchanged in {@code in}
   * until that returns too (the layers above lend a whole message in place on it). The parser may
   * keep a reference to {@code in} (through its view) after returning, but never reads it outside
   * {@code parse}.
   *
   * @throws ProtocolViolation for a 64-bit length with its top bit set, a length over the limit,
   *     or whatever the sink throws; the parser is then unusable
   * @throws IllegalStateException if an earlier call threw
   */
  public void parse(ByteBuffer in, FrameSink sink) throws ProtocolViolation {
    parse(in, sink, 0);
  }

  /**
   * As {@link #parse(ByteBuffer, FrameSink)}, except that a frame of at most {@code keepable}
   * bytes, header included, that {@code in} holds only part of is left unconsumed: the call
   * returns with {@code in}'s position on the frame's first byte, having reported nothing of it,
   * and the caller hands those bytes back, followed by more, in a later call. So every frame that
   * fits arrives whole, as one piece, with nothing copied (a header split across calls is not
   * gathered either). A frame larger than {@code keepable}, or any with {@code keepable} of 0, is
   * streamed in pieces as they arrive.
   *
   * @param keepable how many bytes the caller will hand back, or 0 if it keeps none
   * @throws ProtocolViolation as {@link #parse(ByteBuffer, FrameSink)} does
   * @throws IllegalStateException if an earlier call threw
   */
  public void parse(ByteBuffer in, FrameSink sink, int keepable) throws ProtocolViolation {
    if (broken) {
      throw new IllegalStateException("an earlier parse failed; the stream position is lost");
    }
    broken = true;
    while (in.hasRemaining()) {
      if (payloadRemaining >= 0) {
        deliverPayload(in, sink);
      } else if (!readHeader(in, sink, keepable)) {
        break; // the rest of `in` is one frame the caller keeps for the next call
      }
    }
    broken = false;
  }

  /** Reads a header, or returns false having consumed nothing if the caller keeps its frame. */
  private boolean readHeader(ByteBuffer in, FrameSink sink, int keepable)
      throws ProtocolViolation {
    int pos = in.position();
    int available = in.limit() - pos;
    // Fast path: the whole header is in `in`; decode it where it lies.
    if (headLength == 0 && available >= 2) {
      int needed = headerLength(in.get(pos + 1));
      if (available >= needed) {
        long length = payloadLength(in, pos);
        if (keepable > 0 && isKeptWhole(length, needed, available, keepable)) {
          return false;
        }
        in.position(pos + needed);
        decodeHeader(in, pos, length, sink);
        return true;
      }
    }
    if (headLength == 0 && keepable >= MAX_HEADER_LENGTH) {
      return false; // a split header: its frame comes back whole, or at least with its header
    }
    // Slow path: gather the header in `partial` across calls.
    if (partial == null) {
      partial = ByteBuffer.wrap(new byte[MAX_HEADER_LENGTH]);
    }
    byte[] head = partial.array();
    while (headLength < 2 && in.hasRemaining()) {
      head[headLength++] = in.get();
    }
    if (headLength < 2) {
      return true;
    }
    int needed = headerLength(head[1]);
    int take = Math.min(needed - headLength, in.remaining());
    in.get(head, headLength, take);
    headLength += take;
    if (headLength == needed) {
      headLength = 0;
      decodeHeader(partial, 0, payloadLength(partial, 0), sink);
    }
    return true;
  }

  /**
   * Whether the frame of a {@code headerLength}-byte header announcing {@code length} is incomplete
   * in the {@code available} bytes yet fits in {@code keepable}, so the caller keeps it. A length
   * the header may not carry is not kept: {@link #decodeHeader} refuses it at once.
   */
  private boolean isKeptWhole(long length, int headerLength, int available, int keepable) {
    long frame = headerLength + length;
    return length >= 0 && length <= maxFramePayload && frame > available && frame <= keepable;
  }

  /** The length of a header whose second byte is {@code b1}. */
  private static int headerLength(byte b1) {
    int length7 = b1 & B1_LENGTH;
    int extended = length7 == LENGTH_16 ? 2 : length7 == LENGTH_64 ? 8 : 0;
    return 2 + extended + ((b1 & B1_MASK) != 0 ? 4 : 0);
  }

  /**
   * The payload length of the complete header at absolute index {@code at} of {@code src}:
   * negative for a 64-bit length with its top bit set.
   */
  private static long payloadLength(ByteBuffer src, int at) {
    long length = src.get(at + 1) & B1_LENGTH;
    int i = at + 2;
    if (length == LENGTH_16) {
      length = (src.get(i) & 0xFF) << 8 | (src.get(i + 1) & 0xFF);
    } else if (length == LENGTH_64) {
      length = 0;
      for (int end = i + 8; i < end; i++) {
        length = length << 8 | (src.get(i) & 0xFF);
      }
    }
    return length;
  }

  /**
   * Decodes a complete header starting at absolute index {@code at} of {@code src}, whose payload
   * length {@link #payloadLength} gave as {@code length}.
   */
  private void decodeHeader(ByteBuffer src, int at, long length, FrameSink sink)
      throws ProtocolViolation {
    int b0 = src.get(at);
    int b1 = src.get(at + 1);
    if (length < 0) {
      // RFC 6455 §5.2: "the most significant bit MUST be 0".
      throw new ProtocolViolation(Violation.LENGTH_OUT_OF_RANGE);
    }
    int length7 = b1 & B1_LENGTH;
    int i = at + 2 + (length7 == LENGTH_16 ? 2 : length7 == LENGTH_64 ? 8 : 0);
    if (length > maxFramePayload) {
      // Refused from the header alone, before the sink sees the frame or any payload is read.
      throw new ProtocolViolation(
          Violation.FRAME_TOO_BIG,
          "frame payload of " + length + " bytes exceeds the limit of " + maxFramePayload);
    }
    masked = (b1 & B1_MASK) != 0;
    if (masked) {
      maskKey =
          (src.get(i) & 0xFF) << 24
              | (src.get(i + 1) & 0xFF) << 16
              | (src.get(i + 2) & 0xFF) << 8
              | (src.get(i + 3) & 0xFF);
    }
    maskOffset = 0;
    payloadRemaining = length;
    sink.frameHeader(
        (b0 & B0_FIN) != 0, (b0 & B0_RSV) >>> B0_RSV_SHIFT, b0 & B0_OPCODE, masked, length);
    if (length == 0) {
      payloadRemaining = -1;
      sink.frameEnd();
    }
  }

  private void deliverPayload(ByteBuffer in, FrameSink sink) throws ProtocolViolation {
    int start = in.position();
    // Invariant: in has remaining bytes and payloadRemaining > 0, so 0 < n <= in.remaining().
    int n = (int) Math.min(in.limit() - start, payloadRemaining);
    int end = start + n;
    if (masked) {
      Masker.mask(in, longsOf(in), start, end, maskKey, maskOffset);
      maskOffset = (maskOffset + n) & 3;
    }
    in.position(end);
    payloadRemaining -= n;
    ByteBuffer piece = viewOf(in);
    // Reset all the sink may have changed in an earlier piece: mark, limit, position, order.
    piece.clear().limit(end).position(start);
    piece.order(ByteOrder.BIG_ENDIAN);
    sink.framePayload(piece);
    if (payloadRemaining == 0) {
      payloadRemaining = -1;
      sink.frameEnd();
    }
  }

  private ByteBuffer viewOf(ByteBuffer in) {
    if (viewSource != in) {
      view = in.duplicate();
      viewSource = in;
    }
    return view;
  }

  /** {@link Masker#longsOf} {@code in}, made once per direct input buffer; null for heap ones. */
  private LongBuffer longsOf(ByteBuffer in) {
    if (in.hasArray() || in.isReadOnly()) {
      return null;
    }
    if (longsSource != in) {
      longs = Masker.longsOf(in);
      longsSource = in;
    }
    return longs;
  }
}
