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
   *
   * <p>An empty buffer means "nothing yet": the stream pauses, without spinning, until {@link
   * WebSocket#resumeStream()} asks again (say, when the source has data).
   *
   * <pre>{@code
   * ws.sendStream(false, () -> {
   *   ByteBuffer next = source.poll();            // null when the source has nothing now
   *   return next != null ? next : source.isDone() ? null : ByteBuffer.allocate(0);
   * });
   * source.onData(ws::resumeStream);
   * }</pre>
   */
  ByteBuffer nextChunk();
}
