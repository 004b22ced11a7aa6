package io.sockjet.protocol;

import io.sockjet.buffer.Ownership;
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
   * <p>Buffer contract: {@code header} is the connection's scratch, {@link Ownership#LENT}: valid
   * only until this method returns, so copy whatever is not written at once. {@code payload} is
   * null or owned as {@code payloadOwnership} says: lent or scratch for the call (the receiver
   * copies what it keeps), shared read-only (a prepared frame, or a caller's payload promised
   * unchanged until the send completes), or handed over (masked or compressed bytes made for this
   * frame). The connection passes on the ownership its caller stated, unchanged, unless it made
   * the payload itself.
   */
  void write(ByteBuffer header, ByteBuffer payload, Ownership payloadOwnership);

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
