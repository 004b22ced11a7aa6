package io.sockjet.protocol;

import java.nio.ByteBuffer;

/**
 * Where a {@link Connection} puts the frames it encodes: the transport's write path.
 * Called on the connection's thread, once per frame, in the order frames must go on the wire.
 */
@FunctionalInterface
public interface FrameOutput {

  /**
   * One encoded frame, as a header and an optional payload to be written back to back.
   *
   * <p>Buffer contract: {@code header} is the connection's scratch buffer, valid only until this
   * method returns: copy whatever is not written at once. {@code payload} is null, or a buffer
   * the receiver may keep until written: either one the connection allocated for this frame
   * (masked or encoded payloads) or a read-only view of the caller's payload (unmasked binary),
   * which the sender of the message promised not to modify until the send completes.
   */
  void write(ByteBuffer header, ByteBuffer payload);

  /**
   * Like {@link #write}, but {@code payload} is scratch too, valid only until this method
   * returns: the receiver copies whatever it does not write at once. The connection uses it for
   * text it encoded into a per-thread buffer. The default copies the payload and calls {@link
   * #write}.
   */
  default void writeTransient(ByteBuffer header, ByteBuffer payload) {
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload.duplicate()).flip();
    write(header, copy);
  }

  /**
   * Whether the output is backed up: the peer is not taking what was sent. The connection then
   * answers pings with one pong for the latest of them, once {@link Connection#sendPendingPong}
   * is called (RFC 6455 §5.5.3 allows that), so a peer that pings and never reads cannot make
   * this side queue a pong per ping. Default: never backed up.
   */
  default boolean backedUp() {
    return false;
  }
}
