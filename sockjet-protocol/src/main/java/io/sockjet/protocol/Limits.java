package io.sockjet.protocol;

/**
 * Size and count limits on what a peer may send, checked from frame headers before any payload
 * is buffered, so memory stays bounded whatever a peer sends. Immutable; safe to share.
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>{@link #DEFAULT_MAX_MESSAGE_SIZE} 64 MiB: large enough for the file-sized messages
 *       real applications send (and for 16 MiB test echoes with room to spare), small enough
 *       that a few hundred malicious peers cannot exhaust a default heap.
 *   <li>{@link #DEFAULT_MAX_FRAME_SIZE} the same: a frame can never usefully exceed its message.
 *   <li>{@link #DEFAULT_MAX_FRAGMENTS} 16384: a 64 MiB message sent in 4 KiB fragments, the
 *       smallest fragment size common clients use, still fits; a message of millions of empty
 *       fragments (which costs the peer nothing and us a callback each) does not.
 * </ul>
 *
 * @param maxFramePayload the largest frame payload accepted (1009 above it)
 * @param maxMessageSize the largest message (sum of its frames' payloads) accepted (1009 above it)
 * @param maxFragments the most frames one data message may be split into (1009 above it)
 */
public record Limits(long maxFramePayload, long maxMessageSize, int maxFragments) {
  /** 64 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L << 20;
  /** 64 MiB. */
  public static final long DEFAULT_MAX_FRAME_SIZE = DEFAULT_MAX_MESSAGE_SIZE;
  /** 16384 frames per message. */
  public static final int DEFAULT_MAX_FRAGMENTS = 16_384;
  /** The defaults above. */
  public static final Limits DEFAULTS =
      new Limits(DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_FRAGMENTS);

  /** Validates that every limit is positive. */
  public Limits {
    if (maxFramePayload < 1 || maxMessageSize < 1 || maxFragments < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxFramePayload + ", "
          + maxMessageSize + ", " + maxFragments);
    }
  }

  /** A copy with another frame payload limit. */
  public Limits withMaxFramePayload(long value) {
    return new Limits(value, maxMessageSize, maxFragments);
  }

  /** A copy with another message size limit. */
  public Limits withMaxMessageSize(long value) {
    return new Limits(maxFramePayload, value, maxFragments);
  }

  /** A copy with another fragment count limit. */
  public Limits withMaxFragments(int value) {
    return new Limits(maxFramePayload, maxMessageSize, value);
  }
}
