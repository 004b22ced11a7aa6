package io.sockjet.internal;

import io.sockjet.protocol.PreparedFrame;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.frame.Opcode;
import java.nio.ByteBuffer;

/**
 * One whole message to be sent to many connections (a broadcast, a topic's publish), framed once:
 * the plain frame is made with the message, each compressed frame on first need and then shared by
 * every connection whose agreement it {@linkplain PreparedFrame#suits suits}.
 *
 * <p>Thread-safe: a publish is sent from every loop with subscribers at once. The plain frame is
 * final; compressed frames are made under this object's lock and read without it (a racy read
 * sees null, then takes the lock, or a frame whose fields are final).
 */
final class MessageFrames {
  private final boolean text;
  private final int payloadLength;
  private final PreparedFrame plain;
  private final ServerCompression compression; // null when permessage-deflate is off
  // Indexed by window bits (8 to 15): one compression per window size in use, usually one.
  private final PreparedFrame[] compressedByWindow;

  /** Frames {@code payload}'s remaining bytes (copied, not moved); text must be UTF-8. */
  MessageFrames(boolean text, ByteBuffer payload, ServerCompression compression) {
    this.text = text;
    this.payloadLength = payload.remaining();
    this.plain = PreparedFrame.of(text ? Opcode.TEXT : Opcode.BINARY, payload);
    this.compression = compression;
    this.compressedByWindow = compression == null ? null : new PreparedFrame[16];
  }

  boolean isText() {
    return text;
  }

  /** The message's payload length in bytes, which the sending limits count. */
  int payloadLength() {
    return payloadLength;
  }

  /** A read-only view of the uncompressed payload, for a connection that frames it itself. */
  ByteBuffer payload() {
    return plain.payloadView();
  }

  /**
   * The frame for a connection with {@code deflate} (null without compression), or null when the
   * connection keeps a compression context and must compress the message itself. Any thread.
   */
  PreparedFrame forCodec(PerMessageDeflate deflate) {
    if (deflate == null || !deflate.compresses(payloadLength)) {
      return plain;
    }
    if (!deflate.sendsWithoutContext()) {
      return null;
    }
    // Output compressed from an empty window depends only on the window size (the level and
    // memory level are the server's): one frame serves every connection with that window.
    int w = deflate.sendWindowBits();
    PreparedFrame frame = compressedByWindow[w];
    if (frame == null) {
      synchronized (this) {
        frame = compressedByWindow[w];
        if (frame == null) {
          frame = compression.compressedFrame(text ? Opcode.TEXT : Opcode.BINARY, payload(), w);
          compressedByWindow[w] = frame;
        }
      }
    }
    return frame;
  }
}
