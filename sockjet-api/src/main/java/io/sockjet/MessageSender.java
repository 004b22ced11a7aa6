package io.sockjet;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The sending half of a connection: what {@link WebSocket} and {@link ReconnectingWebSocket} both
 * offer, so code that only sends works with either. Safe from any thread.
 *
 * <p>Buffers: send methods capture the bytes of the buffer they are given (from its position to
 * its limit) before they return, or copy what the socket does not take at once, so the caller may
 * reuse the buffer afterwards. The buffer's position does not move.
 */
public interface MessageSender {

  /** Sends a text message (UTF-8 encoded; unpaired surrogates become U+FFFD). */
  SendResult sendText(CharSequence text);

  /** Sends a binary message made of the buffer's remaining bytes. */
  SendResult sendBinary(ByteBuffer data);

  /** Sends a binary message. */
  default SendResult sendBinary(byte[] data) {
    return sendBinary(ByteBuffer.wrap(data));
  }

  /**
   * Sends one fragment of a text message: the first call starts the message, the one with {@code
   * last} set ends it (RFC 6455 §5.4). Whole messages cannot be sent until it ends.
   */
  SendResult sendTextFragment(CharSequence text, boolean last);

  /** Sends one fragment of a binary message; see {@link #sendTextFragment}. */
  SendResult sendBinaryFragment(ByteBuffer data, boolean last);

  /**
   * Streams a message whose pieces come from {@code producer}, asked for the next piece only when
   * the send queue is under its low-water mark. The future completes when the last piece is
   * queued, or fails if the connection closes first. No other message may be sent meanwhile: a
   * whole message sent during a stream, text or binary, throws {@link IllegalStateException}.
   * A producer that throws fails the future and closes the connection with 1011.
   */
  CompletableFuture<Void> sendStream(boolean text, ChunkProducer producer);

  /**
   * Asks the stream's producer for its next piece again after it returned an empty one ("nothing
   * yet", see {@link ChunkProducer#nextChunk}). Any thread; does nothing if no stream waits.
   */
  void resumeStream();

  /** Sends a ping; the payload must be 125 bytes or less ({@link IllegalArgumentException}). */
  SendResult ping(ByteBuffer payload);

  /** Sends a pong (unsolicited, or as a replacement for the automatic one); 125 bytes or less. */
  SendResult pong(ByteBuffer payload);

  /** Bytes accepted for sending and not yet written to the socket. */
  long queuedBytes();

  /**
   * A future completed when every byte accepted before this call has been written to the socket;
   * it fails if the connection closes first.
   */
  CompletableFuture<Void> flushed();
}
