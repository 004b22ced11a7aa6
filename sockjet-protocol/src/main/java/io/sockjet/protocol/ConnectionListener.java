package io.sockjet.protocol;

import io.sockjet.protocol.frame.CloseStatus;
import java.nio.ByteBuffer;

/**
 * Receives what a {@link Connection} finds in the bytes it is fed. All methods run on the thread
 * that calls {@link Connection#receive}, in wire order, and are never concurrent.
 *
 * <p>Data arrives in pieces so that a message never needs to be held whole: {@link
 * #onMessageStart}, then {@link #onMessageData} for each piece of each of its frames (0..n times,
 * pieces of text already checked as valid UTF-8 so far), then {@link #onMessageEnd}. Control
 * frames may come between the pieces of a fragmented message (RFC 6455 §5.4). A {@link
 * MessageAssembler} turns the pieces into whole messages for listeners that want them.
 *
 * <p>Buffer contract: every {@code ByteBuffer} passed in is a view into the caller's input (or a
 * connection scratch buffer), valid only until the method returns. One exception: when a message
 * starts {@code whole} and its bytes come in a single {@link #onMessageData} piece, that piece's
 * bytes stay where they are, unchanged, until {@link #onMessageEnd} (which then follows at once)
 * returns, so a listener may keep the message where it arrived instead of copying it.
 */
public interface ConnectionListener {

  /**
   * The first frame of a text or binary message arrived; {@code sizeHint} is its frame length.
   * {@code whole} says that this frame is the whole message, final and not compressed, so that
   * {@code sizeHint} is the message's exact size.
   *
   * @throws ProtocolViolation to fail the connection with the violation's code
   */
  void onMessageStart(boolean text, long sizeHint, boolean whole) throws ProtocolViolation;

  /**
   * A piece of the current message's payload, unmasked (and, for text, valid UTF-8 so far). A
   * listener that cannot take it (a limit of its own, such as a {@link MemoryBudget}) throws: the
   * connection then fails with the violation's code, as for the peer's own violations.
   *
   * @throws ProtocolViolation to fail the connection with the violation's code
   */
  void onMessageData(ByteBuffer data) throws ProtocolViolation;

  /** A data frame of the current message ended; {@code last} is its FIN bit. */
  default void onFrameEnd(boolean last) {}

  /**
   * The current message is complete (its final frame ended; text is complete UTF-8).
   *
   * @throws ProtocolViolation to fail the connection with the violation's code
   */
  void onMessageEnd() throws ProtocolViolation;

  /** A ping arrived; if auto-pong is on, the pong has already been sent when this runs. */
  void onPing(ByteBuffer payload);

  /** A pong arrived. */
  void onPong(ByteBuffer payload);

  /**
   * The peer's close frame arrived. If this side had not sent one, the echo has already been
   * sent (RFC 6455 §5.5.1) and no more sends are possible.
   */
  void onCloseFrame(CloseStatus status);

  /**
   * The peer broke the protocol. The connection has already sent a close frame with the
   * violation's code (if it could) and discards all further input (RFC 6455 §7.1.7).
   */
  void onViolation(ProtocolViolation violation);
}
