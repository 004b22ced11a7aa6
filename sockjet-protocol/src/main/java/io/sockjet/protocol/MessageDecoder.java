package io.sockjet.protocol;

import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.frame.FrameParser;
import io.sockjet.protocol.frame.FrameSink;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.protocol.text.Utf8Validator;
import java.nio.ByteBuffer;

/**
 * The receive-side rules of RFC 6455 on top of the syntax-only {@code FrameParser}: masking by
 * role, reserved bits, opcodes, control-frame rules, fragmentation, size and count limits, and
 * UTF-8 of text. Data goes straight to the listener in pieces; control payloads (at most 125
 * bytes) are gathered and handed to the {@link Connection}.
 *
 * <p>Owns the connection's {@link FrameParser}, which feeds it. Not thread-safe; confined to its
 * connection's thread. Holds no buffer until a control frame arrives (then 125 bytes for the
 * connection's life) and no validator until a text message does.
 */
final class MessageDecoder implements FrameSink, PerMessageDeflate.Sink {
  // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less".
  static final int MAX_CONTROL_PAYLOAD = 125;

  private final Connection connection;
  private final ConnectionListener listener;
  private final boolean expectMasked;
  private final FrameParser parser;
  private Limits limits;
  private int allowedRsv;
  private PerMessageDeflate deflate; // null unless permessage-deflate was negotiated

  // The frame being read.
  private int frameOpcode;
  private boolean frameFin;

  // The data message being read; messageOpcode is 0 (CONTINUATION) when none is in progress.
  private int messageOpcode;
  private long messageSize;
  private int messageFrames;
  private boolean compressed; // the message in progress had RSV1 on its first frame
  private long inflatedSize;
  private Utf8Validator utf8;

  // The control frame being read: payloads are small and may be split across reads.
  private byte[] control;
  private int controlLength;

  // Set once the peer's close frame is in: the rest of the current read is ignored, unchecked.
  private boolean ignoring;

  MessageDecoder(Connection connection, ConnectionListener listener, Role role, Limits limits) {
    this.connection = connection;
    this.listener = listener;
    // RFC 6455 §5.1: "a client MUST mask all frames that it sends to the server", and "A server
    // MUST NOT mask any frames that it sends to the client".
    this.expectMasked = role == Role.SERVER;
    this.limits = limits;
    this.parser = new FrameParser(limits.maxFramePayload());
  }

  /**
   * Parses bytes from the peer, leaving a partial frame of at most {@code keepable} bytes
   * unconsumed; events reach the listener and the connection before it returns.
   */
  void receive(ByteBuffer in, int keepable) throws ProtocolViolation {
    parser.parse(in, this, ignoring ? 0 : keepable);
  }

  /** Ignores every frame from now on (RFC 6455 §5.5.1: nothing may follow a close frame). */
  void ignoreRest() {
    ignoring = true;
  }

  void setLimits(Limits limits) {
    this.limits = limits;
    parser.setMaxFramePayload(limits.maxFramePayload());
  }

  /** RSV bits the negotiated extensions define (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
  void setAllowedRsv(int allowedRsv) {
    this.allowedRsv = allowedRsv;
  }

  /** Inflates messages whose first frame has RSV1 set with {@code deflate}. */
  void setDeflate(PerMessageDeflate deflate) {
    this.deflate = deflate;
    this.allowedRsv |= PerMessageDeflate.RSV1;
  }

  @Override
  public void frameHeader(boolean fin, int rsv, int opcode, boolean masked, long length)
      throws ProtocolViolation {
    if (ignoring) {
      return;
    }
    // RFC 6455 §5.2: "If a nonzero value is received and none of the negotiated extensions
    // defines the meaning of such a nonzero value, the receiving endpoint MUST _Fail the
    // WebSocket Connection_."
    if ((rsv & ~allowedRsv) != 0) {
      throw new ProtocolViolation(Violation.RESERVED_BITS, "reserved bits set: " + rsv);
    }
    if (!Opcode.isDefined(opcode)) {
      throw new ProtocolViolation(Violation.UNKNOWN_OPCODE, "unknown opcode: " + opcode);
    }
    if (masked != expectMasked) {
      throw new ProtocolViolation(masked ? Violation.MASKED_FRAME : Violation.UNMASKED_FRAME);
    }
    frameOpcode = opcode;
    frameFin = fin;
    if (Opcode.isControl(opcode)) {
      // RFC 7692 §6.1: "An endpoint MUST NOT set the "Per-Message Compressed" bit of control
      // frames and non-first fragments of a data message."
      if (deflate != null && (rsv & PerMessageDeflate.RSV1) != 0) {
        throw new ProtocolViolation(Violation.MISPLACED_COMPRESSED_BIT, "RSV1 set on a control frame");
      }
      if (length > MAX_CONTROL_PAYLOAD) {
        throw new ProtocolViolation(Violation.CONTROL_FRAME_TOO_LONG,
            "control frame payload of " + length + " bytes");
      }
      // RFC 6455 §5.5: "Control frames ... MUST NOT be fragmented."
      if (!fin) {
        throw new ProtocolViolation(Violation.FRAGMENTED_CONTROL_FRAME);
      }
      controlLength = 0;
      return;
    }
    // RSV1 means "compressed" only when permessage-deflate is in use (RFC 7692 §6).
    dataFrameHeader(opcode, deflate != null && (rsv & PerMessageDeflate.RSV1) != 0, length);
  }

  private void dataFrameHeader(int opcode, boolean rsv1, long length) throws ProtocolViolation {
    // RFC 6455 §5.4: a fragmented message is one frame with opcode TEXT or BINARY and FIN clear,
    // then zero or more CONTINUATION frames with FIN clear, then one with FIN set.
    boolean starting = opcode != Opcode.CONTINUATION;
    if (starting && messageOpcode != Opcode.CONTINUATION) {
      throw new ProtocolViolation(Violation.EXPECTED_CONTINUATION);
    }
    if (!starting && messageOpcode == Opcode.CONTINUATION) {
      throw new ProtocolViolation(Violation.UNEXPECTED_CONTINUATION);
    }
    if (!starting && rsv1) {
      throw new ProtocolViolation(Violation.MISPLACED_COMPRESSED_BIT, "RSV1 set on a continuation frame");
    }
    long size = (starting ? 0 : messageSize) + length;
    if (size > limits.maxMessageSize()) {
      throw new ProtocolViolation(Violation.MESSAGE_TOO_BIG,
          "message of at least " + size + " bytes exceeds the limit of " + limits.maxMessageSize());
    }
    int frames = (starting ? 0 : messageFrames) + 1;
    if (frames > limits.maxFragments()) {
      throw new ProtocolViolation(Violation.TOO_MANY_FRAGMENTS,
          "message split into more than " + limits.maxFragments() + " frames");
    }
    messageSize = size;
    messageFrames = frames;
    if (starting) {
      messageOpcode = opcode;
      compressed = rsv1;
      inflatedSize = 0;
      if (opcode == Opcode.TEXT) {
        if (utf8 == null) {
          utf8 = new Utf8Validator();
        } else {
          utf8.reset();
        }
      }
      listener.onMessageStart(opcode == Opcode.TEXT, length, frameFin && !rsv1);
    }
  }

  @Override
  public void framePayload(ByteBuffer payload) throws ProtocolViolation {
    if (ignoring) {
      return;
    }
    if (Opcode.isControl(frameOpcode)) {
      if (control == null) {
        control = new byte[MAX_CONTROL_PAYLOAD];
      }
      int n = payload.remaining();
      payload.get(control, controlLength, n);
      controlLength += n;
      return;
    }
    if (compressed) {
      deflate.inflate(payload, this); // inflated pieces come back through accept()
      return;
    }
    deliver(payload);
  }

  /** A piece of an inflated message: its size counts against the limit before it is kept. */
  @Override
  public void accept(ByteBuffer inflated) throws ProtocolViolation {
    // The wire size was checked from the headers; what a small compressed frame inflates to is
    // known only now (a decompression bomb stops here, one scratch buffer past the limit).
    inflatedSize += inflated.remaining();
    if (inflatedSize > limits.maxMessageSize()) {
      throw new ProtocolViolation(Violation.MESSAGE_TOO_BIG, "message inflates to more than "
          + limits.maxMessageSize() + " bytes, the limit");
    }
    deliver(inflated);
  }

  private void deliver(ByteBuffer payload) throws ProtocolViolation {
    // RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the
    // byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket
    // Connection_." Checked per piece, so an invalid message fails at its first bad piece.
    if (messageOpcode == Opcode.TEXT && !utf8.update(payload)) {
      throw new ProtocolViolation(Violation.INVALID_UTF8);
    }
    listener.onMessageData(payload);
  }

  @Override
  public void frameEnd() throws ProtocolViolation {
    if (ignoring) {
      return;
    }
    if (Opcode.isControl(frameOpcode)) {
      connection.controlFrame(frameOpcode, ByteBuffer.wrap(control == null ? EMPTY : control, 0,
          controlLength));
      return;
    }
    if (frameFin && compressed) {
      deflate.endMessage(this); // RFC 7692 §7.2.2: the tail goes back on at the message's end
    }
    listener.onFrameEnd(frameFin);
    if (!frameFin) {
      return;
    }
    if (messageOpcode == Opcode.TEXT && !utf8.isComplete()) {
      throw new ProtocolViolation(Violation.INVALID_UTF8, "text message ends inside a code point");
    }
    messageOpcode = Opcode.CONTINUATION;
    compressed = false;
    messageSize = 0;
    messageFrames = 0;
    listener.onMessageEnd();
  }

  private static final byte[] EMPTY = new byte[0];
}
