package io.sockjet.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client WebSocket connection of the raw drivers, after its handshake: the socket, the bytes
 * of a frame that has not fully arrived, a message being reassembled from fragments, and output
 * the socket would not take yet. Not thread-safe; confined to the driver's loop thread (or the
 * connecting thread, before the loop starts).
 */
final class RawConnection {
  /** No leftover: shared, as it is never written to. */
  static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

  final SocketChannel channel;
  /** The masking key of every frame this connection sends: random per connection, never 0. */
  final int maskKey;
  /** A per-driver slot, e.g. the connection's prebuilt frame. */
  Object attachment;
  SelectionKey key;

  /** Start of a frame that has not fully arrived; read before the next bytes. Empty if none. */
  ByteBuffer leftover = NO_BYTES;
  /** The connection's own read buffer, for large messages (see {@link RawLoop}); else null. */
  ByteBuffer inbox;
  /** Payload of a fragmented message so far, or null when no message is fragmented. */
  ByteBuffer assembly;
  int assemblyOpcode;
  /** Bytes the socket did not take; written when it is writable again. Null when none. */
  private ByteBuffer pendingOut;

  RawConnection(SocketChannel channel, int maskKey) {
    this.channel = channel;
    this.maskKey = maskKey;
  }

  /** Whether output is waiting for the socket. */
  boolean hasPendingOutput() {
    return pendingOut != null && pendingOut.hasRemaining();
  }

  /**
   * Sends {@code out}'s remaining bytes: to the socket at once if nothing is waiting, and keeps
   * what it would not take (asking the selector for writability). {@code out} may be reused after.
   */
  void send(ByteBuffer out) throws IOException {
    if (!hasPendingOutput()) {
      channel.write(out);
      if (!out.hasRemaining()) {
        return;
      }
      pendingOut = null;
    }
    if (pendingOut == null) {
      pendingOut = ByteBuffer.allocate(Math.max(out.remaining(), 4096)).put(out).flip();
    } else if (pendingOut.capacity() - pendingOut.remaining() < out.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(2 * (pendingOut.remaining() + out.remaining()));
      pendingOut = bigger.put(pendingOut).put(out).flip();
    } else {
      pendingOut.compact().put(out).flip();
    }
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  /** Writes what is waiting, as far as the socket takes it; called when it is writable. */
  void flush() throws IOException {
    if (pendingOut != null) {
      channel.write(pendingOut);
    }
    if (!hasPendingOutput()) {
      pendingOut = null;
      key.interestOps(SelectionKey.OP_READ);
    }
  }
}
