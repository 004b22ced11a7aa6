package io.sockjet.internal;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.text.Utf8Encoder;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * Thread-safe (it keeps no state between calls): sends one message to every open connection of a
 * server, framed once. {@link WebSocketServer#broadcast} delegates here.
 *
 * <p>A broadcast runs on the caller's thread: it frames the message there and hands each
 * connection the shared {@link MessageFrames}, which the connection's loop sends under the
 * connection's own limits and overflow policy (see {@link WebSocketConnection#sendShared}).
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
    return send(new MessageFrames(true, ByteBuffer.wrap(Utf8Encoder.encode(text)), compression),
        filter);
  }

  /** Sends the remaining bytes of {@code data}, not moving its position, to every open one. */
  public int binary(ByteBuffer data) {
    return send(new MessageFrames(false, data, compression), null);
  }

  private int send(MessageFrames frames, Predicate<WebSocket> filter) {
    int sent = 0;
    for (WebSocketConnection c : connections.snapshot()) {
      if (!c.isOpen() || (filter != null && !filter.test(c))) {
        continue;
      }
      if (c.sendShared(frames) != SendResult.REFUSED) {
        sent++;
      }
    }
    return sent;
  }
}
