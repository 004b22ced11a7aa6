package io.sockjet.internal;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.PreparedFrame;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.protocol.text.Utf8Encoder;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * Thread-safe (it keeps no state between calls): sends one message to every open connection of a
 * server, encoding it once. {@link WebSocketServer#broadcast} delegates here.
 *
 * <p>A broadcast runs on the caller's thread: it encodes the frames there and hands each
 * connection a shared {@link PreparedFrame}, which the connection's loop sends (see {@link
 * WebSocketConnection#sendShared}).
 */
public final class Broadcaster {
  private final LiveConnections<WebSocketConnection> connections;
  private final ServerCompression compression; // null when permessage-deflate is off

  public Broadcaster(LiveConnections<WebSocketConnection> connections,
      ServerCompression compression) {
    this.connections = connections;
    this.compression = compression;
  }

  /** Sends {@code text} to the open connections {@code filter} accepts (all if null). */
  public int text(String text, Predicate<WebSocket> filter) {
    return send(Opcode.TEXT, ByteBuffer.wrap(Utf8Encoder.encode(text)), text, filter);
  }

  /** Sends the remaining bytes of {@code data}, not moving its position, to every open one. */
  public int binary(ByteBuffer data) {
    return send(Opcode.BINARY, data.duplicate(), null, null);
  }

  /** {@code text} is the message again when it is text (for connections that compress alone). */
  private int send(int opcode, ByteBuffer payload, String text, Predicate<WebSocket> filter) {
    Frames frames = new Frames(opcode, payload);
    int sent = 0;
    for (WebSocketConnection c : connections.snapshot()) {
      if (!c.isOpen() || (filter != null && !filter.test(c))) {
        continue;
      }
      PreparedFrame frame = frames.forCodec(c.deflate());
      SendResult result;
      if (frame != null) {
        result = c.sendShared(frame);
      } else {
        // The connection's own window decides its bytes: it compresses for itself.
        result = text != null ? c.sendText(text) : c.sendBinary(payload.duplicate());
      }
      if (result != SendResult.REFUSED) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * The frames of one message, per agreement: each is prepared on first need, then shared by
   * every connection it suits. Confined to the broadcasting thread; the payload is only read.
   */
  private final class Frames {
    private final int opcode;
    private final ByteBuffer payload;
    private PreparedFrame plain;
    // Indexed by window bits (8 to 15): one compression per window size in use, usually one.
    private PreparedFrame[] compressedByWindow;

    Frames(int opcode, ByteBuffer payload) {
      this.opcode = opcode;
      this.payload = payload;
    }

    /**
     * The frame for a connection with {@code deflate} (null without compression), or null when
     * the connection keeps a compression context and must compress the message itself.
     */
    PreparedFrame forCodec(PerMessageDeflate deflate) {
      if (deflate == null || !deflate.compresses(payload.remaining())) {
        if (plain == null) {
          plain = PreparedFrame.of(opcode, payload);
        }
        return plain;
      }
      if (!deflate.sendsWithoutContext()) {
        return null;
      }
      // Output compressed from an empty window depends only on the window size (the level and
      // memory level are the server's): one frame serves every connection with that window.
      int w = deflate.sendWindowBits();
      if (compressedByWindow == null) {
        compressedByWindow = new PreparedFrame[16];
      }
      if (compressedByWindow[w] == null) {
        compressedByWindow[w] = compression.compressedFrame(opcode, payload, w);
      }
      return compressedByWindow[w];
    }
  }
}
