package io.sockjet.protocol.frame;

/**
 * RFC 6455 §5.2 opcodes. Kept as {@code int} constants rather than an enum because the wire
 * may carry any 4-bit value, and the parser reports what it saw; the rules decide whether it
 * is defined.
 */
public final class Opcode {
  /** %x0: continuation of a fragmented message. */
  public static final int CONTINUATION = 0x0;
  /** %x1: text frame, UTF-8 payload. */
  public static final int TEXT = 0x1;
  /** %x2: binary frame. */
  public static final int BINARY = 0x2;
  /** %x8: connection close. */
  public static final int CLOSE = 0x8;
  /** %x9: ping. */
  public static final int PING = 0x9;
  /** %xA: pong. */
  public static final int PONG = 0xA;

  private Opcode() {}

  /** Control frames have the high bit of the opcode set (§5.5). */
  public static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  /** Whether RFC 6455 defines this opcode; the others are reserved. */
  public static boolean isDefined(int opcode) {
    return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
  }

  /** A readable name for messages and logs. */
  public static String name(int opcode) {
    switch (opcode) {
      case CONTINUATION: return "CONTINUATION";
      case TEXT: return "TEXT";
      case BINARY: return "BINARY";
      case CLOSE: return "CLOSE";
      case PING: return "PING";
      case PONG: return "PONG";
      default: return "RESERVED(0x" + Integer.toHexString(opcode) + ")";
    }
  }
}
