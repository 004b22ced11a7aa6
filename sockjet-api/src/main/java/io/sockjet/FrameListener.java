package io.sockjet;

import java.nio.ByteBuffer;

/**
 * Receives data messages frame by frame, without buffering, for messages too big to hold in
 * memory. Installed with {@link WebSocket#setFrameListener}; while one is installed, the
 * connection does not assemble messages and {@link WebSocketListener#onText} / {@link
 * WebSocketListener#onBinary} are not called.
 *
 * <p>Always runs on the connection's event loop, even when the server has a handler executor,
 * because the chunks are views into the loop's read buffer: valid only until the method returns.
 * Text chunks are checked as valid UTF-8 before delivery, but a chunk may end inside a code point.
 */
public interface FrameListener {

  /** A data message begins; {@code firstFrameLength} is the length of its first frame. */
  void onMessageStart(WebSocket ws, boolean text, long firstFrameLength);

  /** A piece of the frame's payload; a view valid until return. */
  void onChunk(WebSocket ws, ByteBuffer chunk);

  /** The frame ended; {@code last} is true when it was the message's final frame. */
  void onFrameEnd(WebSocket ws, boolean last);
}
