package io.sockjet.protocol;

import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.deflate.DeflatePool;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.frame.FrameEncoder;
import io.sockjet.protocol.frame.Opcode;
import java.nio.ByteBuffer;

/**
 * Immutable and thread-safe: one whole, unfragmented text or binary message encoded once as a
 * server frame (unmasked), to be sent to any number of connections with {@link
 * Connection#sendPrepared} (a broadcast, a topic's publish).
 *
 * <p>A plain frame suits every server connection: RFC 7692 §6 lets a peer that agreed
 * permessage-deflate still send any message uncompressed. A compressed frame (RSV1 set) was
 * compressed from an empty window of {@link #windowBits} bits, so it suits only connections that
 * compress without context takeover with that same window ({@link #suits}): a connection that
 * keeps its window would have its own compressor fall out of step with what its peer inflated.
 *
 * <p>Buffer ownership: the frame owns a copy of its bytes, made when it is prepared; the
 * caller's payload is neither kept nor moved. Each recipient gets its own read-only {@link
 * #view}, whose position it may consume without affecting any other recipient.
 */
public final class PreparedFrame {
  /** {@link #windowBits} of a frame that is not compressed. */
  private static final int PLAIN = 0;

  // The whole frame, read-only, position 0. Never handed out and never moved, so views made
  // concurrently on any thread read the same fields (set before the final field is published).
  private final ByteBuffer frame;
  private final int windowBits;
  private final int payloadLength;

  private PreparedFrame(ByteBuffer frame, int windowBits, int payloadLength) {
    this.frame = frame.asReadOnlyBuffer();
    this.windowBits = windowBits;
    this.payloadLength = payloadLength;
  }

  /**
   * The uncompressed frame of a whole message: {@link Opcode#TEXT} (the payload must be UTF-8;
   * it is not checked here) or {@link Opcode#BINARY}, with the remaining bytes of {@code
   * payload}, which is copied and not moved.
   *
   * @throws IllegalArgumentException for any other opcode
   */
  public static PreparedFrame of(int opcode, ByteBuffer payload) {
    requireDataOpcode(opcode);
    return new PreparedFrame(FrameEncoder.encode(true, 0, opcode, payload, false, 0), PLAIN,
        payload.remaining());
  }

  /**
   * The compressed frame of a whole message (RFC 7692 §7.2.1, RSV1 set on the only frame),
   * compressed from an empty window of {@code windowBits} bits with {@code config}'s level and
   * memory level; for connections that {@linkplain #suits agreed} to that. {@code payload} is
   * read and not moved.
   *
   * <p>{@code pool} is not thread-safe: the caller must hold it alone for this call (a server
   * that broadcasts from any thread locks its broadcast pool).
   *
   * @throws IllegalArgumentException for an opcode other than TEXT or BINARY, or a window the
   *     pool's zlib cannot compress with
   */
  public static PreparedFrame compressed(int opcode, ByteBuffer payload, DeflatePool pool,
      DeflateConfig config, int windowBits) {
    requireDataOpcode(opcode);
    ByteBuffer compressed = PerMessageDeflate.compressOnce(pool, config.compressionLevel(),
        windowBits, config.memLevel(), payload);
    return new PreparedFrame(
        FrameEncoder.encode(true, PerMessageDeflate.RSV1, opcode, compressed, false, 0),
        windowBits, compressed.remaining());
  }

  /**
   * A new read-only view of the whole frame, position 0, for one recipient: the recipient owns
   * the view's position and limit (the transport consumes it as it writes), and no one can
   * change the bytes. Safe from any thread.
   */
  public ByteBuffer view() {
    return frame.duplicate();
  }

  /**
   * A new read-only view of the frame's payload alone (compressed if the frame is), for a
   * recipient that must frame the message itself: a connection that keeps a compression context
   * compresses the plain frame's payload on its own. Safe from any thread.
   */
  public ByteBuffer payloadView() {
    ByteBuffer view = frame.duplicate();
    view.position(frame.limit() - payloadLength);
    return view;
  }

  /** The frame's length in bytes, header included. */
  public int length() {
    return frame.limit();
  }

  /** Whether the payload is compressed (RSV1 set). */
  public boolean isCompressed() {
    return windowBits != PLAIN;
  }

  /** The window the payload was compressed with, 8 to 15; 0 for an uncompressed frame. */
  public int windowBits() {
    return windowBits;
  }

  /**
   * Whether a server connection with {@code codec} (null when it agreed no compression) may send
   * this frame as it is. Plain: always. Compressed: only if the connection compresses each
   * message from an empty window (no context takeover on the server side, RFC 7692 §7.1.1.1)
   * with the same window size as this frame's.
   */
  public boolean suits(PerMessageDeflate codec) {
    if (!isCompressed()) {
      return true;
    }
    return codec != null && codec.sendsWithoutContext() && codec.sendWindowBits() == windowBits;
  }

  private static void requireDataOpcode(int opcode) {
    if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
      throw new IllegalArgumentException(
          "a prepared frame is a whole text or binary message, not opcode " + opcode);
    }
  }
}
