package io.sockjet;

import java.nio.ByteBuffer;

/**
 * Supplies a large outgoing message in pieces, each asked for only when the connection can take
 * more (its queue is under the low-water mark), so a message bigger than memory streams at the
 * speed of the peer. Called on the connection's event loop.
 */
@FunctionalInterface
public interface ChunkProducer {
  /**
   * The next piece of the message, or {@code null} when the message is complete. The buffer is
   * copied as far as it cannot be written at once, so it may be reused after the call.
   */
  ByteBuffer nextChunk();
}
