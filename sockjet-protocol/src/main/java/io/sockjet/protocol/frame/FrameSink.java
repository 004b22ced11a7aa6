package io.sockjet.protocol.frame;

import io.sockjet.protocol.ProtocolViolation;
import java.nio.ByteBuffer;

/**
 * Receives the parts of frames as {@link FrameParser} finds them: one {@link #frameHeader},
 * zero or more {@link #framePayload} calls, then one {@link #frameEnd}, for each frame, in order.
 * Called on the thread that calls {@code FrameParser.parse}.
 *
 * <p>The sink is where protocol rules are applied; throwing a {@link ProtocolViolation} stops the
 * parse and propagates to the caller of {@code parse}.
 */
public interface FrameSink {

  /**
   * The header of a new frame has been read in full.
   *
   * @param fin the FIN bit: this frame is the last of its message
   * @param rsv the three reserved bits as a value 0-7 (RSV1 = 4, RSV2 = 2, RSV3 = 1)
   * @param opcode the 4-bit opcode as sent, defined or not (see {@link Opcode})
   * @param masked whether the frame carried a masking key
   * @param payloadLength the declared payload length, 0 to 2^63-1
   * @throws ProtocolViolation when the frame breaks a rule the sink checks; parsing stops
   */
  void frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength)
      throws ProtocolViolation;

  /**
   * A piece of the current frame's payload, already unmasked.
   *
   * <p>Buffer contract: {@code payload} is a view into the caller's input buffer, positioned
   * at the piece's first byte; it is valid only until this method returns and must be copied to
   * be kept. The sink may read and move its position; the parser does not depend on it.
   *
   * @throws ProtocolViolation when the frame breaks a rule the sink checks; parsing stops
   */
  void framePayload(ByteBuffer payload) throws ProtocolViolation;

  /**
   * The current frame's payload has been delivered in full (also called for empty payloads).
   *
   * @throws ProtocolViolation when the frame breaks a rule the sink checks; parsing stops
   */
  void frameEnd() throws ProtocolViolation;
}
