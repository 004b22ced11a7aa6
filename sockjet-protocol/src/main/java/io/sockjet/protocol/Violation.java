package io.sockjet.protocol;

/**
 * Every way a peer can break RFC 6455, each with the close code §7.4.1 prescribes for it.
 * A closed set, so callers and tests can switch on what went wrong instead of parsing messages.
 */
public enum Violation {
  /** RSV1-3 set while no negotiated extension defines them (§5.2). */
  RESERVED_BITS(1002, "reserved bits set without an extension that defines them"),
  /** Opcodes 0x3-0x7 and 0xB-0xF are reserved (§5.2). */
  UNKNOWN_OPCODE(1002, "unknown opcode"),
  /** Control frames carry at most 125 bytes (§5.5). */
  CONTROL_FRAME_TOO_LONG(1002, "control frame payload over 125 bytes"),
  /** Control frames must not be fragmented (§5.5). */
  FRAGMENTED_CONTROL_FRAME(1002, "fragmented control frame"),
  /** A continuation frame arrived with no fragmented message in progress (§5.4). */
  UNEXPECTED_CONTINUATION(1002, "continuation frame with no message in progress"),
  /** A text or binary frame arrived while a fragmented message was in progress (§5.4). */
  EXPECTED_CONTINUATION(1002, "new data frame while a fragmented message is in progress"),
  /** A server received an unmasked frame (§5.1). */
  UNMASKED_FRAME(1002, "client frame is not masked"),
  /** A client received a masked frame (§5.1). */
  MASKED_FRAME(1002, "server frame is masked"),
  /** A 64-bit payload length had its most significant bit set (§5.2). */
  LENGTH_OUT_OF_RANGE(1002, "64-bit payload length with the most significant bit set"),
  /** A frame's payload is larger than the configured limit. */
  FRAME_TOO_BIG(1009, "frame too big"),
  /** A message's payload is larger than the configured limit. */
  MESSAGE_TOO_BIG(1009, "message too big"),
  /**
   * The memory that all connections together may hold for their peers (a {@link MemoryBudget})
   * has no room for this message: the connection is closed, the others go on.
   */
  MEMORY_BUDGET_EXCEEDED(1009, "no memory left for this message in the server's budget"),
  /** A message is split into more fragments than the configured limit allows. */
  TOO_MANY_FRAGMENTS(1009, "message has too many fragments"),
  /** A text message (or a close reason) is not valid UTF-8 (§8.1). */
  INVALID_UTF8(1007, "invalid UTF-8 in text"),
  /** A close frame carried exactly one byte of payload (§5.5.1). */
  INVALID_CLOSE_PAYLOAD(1002, "close frame payload of 1 byte"),
  /** A close frame carried a code that must not appear on the wire (§7.4). */
  INVALID_CLOSE_CODE(1002, "invalid close code"),
  /** A close frame's reason is not valid UTF-8 (§5.5.1). */
  INVALID_CLOSE_REASON(1007, "close reason is not valid UTF-8"),
  /** A data frame arrived after the peer's close frame (§5.5.1). */
  DATA_AFTER_CLOSE(1002, "frame after close"),
  /** An extension failed to process a frame (e.g. a corrupt compressed stream). */
  EXTENSION_ERROR(1002, "extension could not process frame"),
  /** A compressed message does not inflate (RFC 7692 §7.2.2): its data is not what it claims. */
  INVALID_COMPRESSED_DATA(1007, "compressed data is corrupt"),
  /** RSV1 on a continuation or control frame: only a message's first frame may carry it (RFC 7692 §6.1). */
  MISPLACED_COMPRESSED_BIT(1002, "RSV1 set on a frame that is not the first of a data message");

  private final int closeCode;
  private final String description;

  Violation(int closeCode, String description) {
    this.closeCode = closeCode;
    this.description = description;
  }

  /** The close code RFC 6455 §7.4.1 prescribes for this violation (1002, 1007 or 1009). */
  public int closeCode() {
    return closeCode;
  }

  /** A short English description, safe to send to the peer as a close reason. */
  public String description() {
    return description;
  }
}
