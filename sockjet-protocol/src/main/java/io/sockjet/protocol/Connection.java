package io.sockjet.protocol;

import io.sockjet.buffer.Ownership;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.protocol.frame.CloseStatus;
import io.sockjet.protocol.frame.FrameEncoder;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.protocol.frame.Masker;
import io.sockjet.protocol.frame.Opcode;
import io.sockjet.protocol.text.Utf8Encoder;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One WebSocket connection after its opening handshake, without I/O: bytes go in through {@link
 * #receive}, events come out through a {@link ConnectionListener}; send calls go in, encoded
 * frames come out through a {@link FrameOutput}. The transport, the clock and the threads belong
 * to the layer above, which makes every rule here testable byte for byte.
 *
 * <p>Not thread-safe; confined to one thread (the connection's event loop) for its whole life.
 *
 * <p>Misuse by the local caller (sending after close, an oversized ping, an unsendable close
 * code) throws {@link IllegalStateException} or {@link IllegalArgumentException}. Misbehaviour
 * of the peer never throws: the connection sends the close frame RFC 6455 §7.4.1 prescribes,
 * reports the {@link ProtocolViolation} to the listener and discards all further input.
 *
 * <pre>{@code
 * Connection c = new Connection(Role.SERVER, Limits.DEFAULTS, null, listener, channel::write);
 * c.receive(bytesFromSocket);      // events reach the listener
 * c.sendText("hello");             // frames reach the FrameOutput
 * if (c.shouldCloseTransport()) channel.close();
 * }</pre>
 */
public final class Connection {
  // RFC 6455 §5.2: at most 2 + 8 length bytes + 4 masking key bytes.
  private static final int MAX_HEADER = 14;
  // Empty, so consuming it changes nothing: one instance serves every connection and thread.
  private static final ByteBuffer NO_HEADER = ByteBuffer.allocate(0).asReadOnlyBuffer();

  // A client's mask key source; null on a server, which is how the role is told (one field for
  // both).
  private final MaskKeySource maskKeys;
  private final ConnectionListener listener;
  private final FrameOutput output;
  private Limits limits;
  // The receive side (with its frame parser), created by the first bytes received: a connection
  // whose peer never sends anything (a push-only client) holds none.
  private MessageDecoder decoder;

  private ByteBuffer header; // scratch for FrameOutput, allocated on the first send
  private PerMessageDeflate deflate; // null unless permessage-deflate was negotiated
  private boolean outgoingCompressed; // the fragmented message in progress is compressed
  private boolean autoPong = true;
  // The latest ping's payload, waiting for the output to drain; null when none waits.
  private ByteBuffer pendingPong;

  // The outgoing fragmented message in progress: 0 (CONTINUATION) when none.
  private byte outgoingOpcode; // an opcode fits in 4 bits
  private char pendingHighSurrogate; // a text fragment ended between the halves of a pair

  // Volatile: the layer above derives its public ready state from it on any thread.
  private volatile ConnectionState state = ConnectionState.OPEN;
  private CloseStatus closeSent;
  private CloseStatus closeReceived;
  private boolean peerClosedFirst;
  private ProtocolViolation failure;
  private CloseStatus abandoned; // why this side gave up on the connection (see abandon)
  private boolean discarding;

  /**
   * A connection in the OPEN state.
   *
   * @param role which end this is; decides masking
   * @param limits what the peer may send
   * @param maskKeys the key source for a client's masks; ignored (may be null) for a server
   * @param listener receives inbound events, on the thread that calls {@link #receive}
   * @param output receives encoded frames, on the thread that calls the send methods
   */
  public Connection(Role role, Limits limits, MaskKeySource maskKeys, ConnectionListener listener,
      FrameOutput output) {
    Objects.requireNonNull(role, "role");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.output = Objects.requireNonNull(output, "output");
    if (role == Role.CLIENT && maskKeys == null) {
      throw new IllegalArgumentException("a client needs a MaskKeySource (RFC 6455 §5.3)");
    }
    this.maskKeys = role == Role.CLIENT ? maskKeys : null;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** This side's role. */
  public Role role() {
    return isClient() ? Role.CLIENT : Role.SERVER;
  }

  private boolean isClient() {
    return maskKeys != null;
  }

  /** OPEN, CLOSING or CLOSED. */
  public ConnectionState state() {
    return state;
  }

  /** Whether pings are answered with a pong automatically (default on). */
  public void setAutoPong(boolean autoPong) {
    this.autoPong = autoPong;
  }

  /** Replaces the limits; takes effect from the next frame header. */
  public void setLimits(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    if (decoder != null) {
      decoder.setLimits(limits);
    }
  }

  /** Declares which RSV bits negotiated extensions define (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
  public void setAllowedRsv(int rsvBits) {
    decoder().setAllowedRsv(rsvBits);
  }

  /**
   * Turns on permessage-deflate (RFC 7692) as negotiated in the handshake: messages from the
   * peer with RSV1 on their first frame are inflated, and messages sent from now on are
   * compressed when {@link PerMessageDeflate#compresses} says so. Call before the first frame.
   */
  public void setPerMessageDeflate(PerMessageDeflate deflate) {
    this.deflate = Objects.requireNonNull(deflate, "deflate");
    if (decoder != null) {
      decoder.setDeflate(deflate);
    }
  }

  /** The codec from {@link #setPerMessageDeflate}, or null. */
  public PerMessageDeflate perMessageDeflate() {
    return deflate;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Feeds bytes read from the peer; consumes all of {@code in}. Masked payloads are unmasked in
   * place, so the caller's buffer is modified. Events reach the listener before this returns.
   */
  public void receive(ByteBuffer in) {
    receive(in, 0);
  }

  /**
   * Feeds bytes read from the peer, as {@link #receive(ByteBuffer)} does, except that a frame of
   * at most {@code keepable} bytes that {@code in} ends inside is left unconsumed, for the caller
   * to hand back with the bytes that follow it (see {@code FrameParser.parse}). Every such frame
   * then reaches the listener as one piece, where it lies in the caller's buffer.
   *
   * @param keepable how many bytes the caller will hand back, or 0 to have all of {@code in}
   *     consumed
   */
  public void receive(ByteBuffer in, int keepable) {
    if (discarding) {
      in.position(in.limit());
      return;
    }
    try {
      decoder().receive(in, keepable);
    } catch (ProtocolViolation violation) {
      in.position(in.limit());
      if (closeReceived == null) { // garbage after a close frame is not the peer's fault to report
        fail(violation);
      }
    }
  }

  /** The receive side, created on first use with the settings made so far. */
  private MessageDecoder decoder() {
    MessageDecoder d = decoder;
    if (d == null) {
      d = new MessageDecoder(this, listener, role(), limits);
      if (deflate != null) {
        d.setDeflate(deflate);
      }
      decoder = d;
    }
    return d;
  }

  /**
   * The transport is gone (EOF, reset or closed by this side). The state becomes CLOSED; {@link
   * #outcome()} tells how the connection ended.
   */
  public void transportClosed() {
    state = ConnectionState.CLOSED;
    discarding = true;
    if (deflate != null) {
      deflate.end(); // frees native memory now rather than when the collector finds it
    }
  }

  /** Called by the decoder when a whole control frame has arrived. */
  void controlFrame(int opcode, ByteBuffer payload) throws ProtocolViolation {
    switch (opcode) {
      case Opcode.PING:
        // RFC 6455 §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in
        // response, unless it already received a Close frame." (None was: input after a close
        // frame is discarded.) Not after our own close either: nothing may follow it.
        if (autoPong && closeSent == null) {
          // A copy: the payload is the decoder's scratch, and the output may keep the pong queued.
          ByteBuffer pong = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
          if (output.backedUp()) {
            // RFC 6455 §5.5.3: "If an endpoint receives a Ping frame and has not yet sent Pong
            // frame(s) in response to previous Ping frame(s), the endpoint MAY elect to send a
            // Pong frame for only the most recently processed Ping frame." One waits, at most.
            pendingPong = pong;
          } else {
            pendingPong = null; // this pong answers the latest ping; an older one is moot
            sendControl(Opcode.PONG, pong, Ownership.OWNED);
          }
        }
        listener.onPing(payload);
        break;
      case Opcode.PONG:
        listener.onPong(payload);
        break;
      case Opcode.CLOSE:
        closeFrame(CloseStatus.parse(payload));
        break;
      default:
        throw new AssertionError("not a control opcode: " + opcode);
    }
  }

  private void closeFrame(CloseStatus status) {
    closeReceived = status;
    // RFC 6455 §5.5.1: the peer "MUST NOT send any more data frames after sending a Close frame";
    // whatever follows is ignored, including the rest of the read that carried the close frame.
    discarding = true;
    decoder.ignoreRest();
    if (closeSent == null) {
      // RFC 6455 §5.5.1: "If an endpoint receives a Close frame and did not previously send a
      // Close frame, the endpoint MUST send a Close frame in response. (When sending a Close
      // frame in response, the endpoint typically echos the status code it received.)"
      peerClosedFirst = true;
      sendClose(status.code() == CloseCode.NO_STATUS_RECEIVED ? CloseStatus.NO_STATUS
          : new CloseStatus(status.code(), status.reason()));
    }
    state = ConnectionState.CLOSED;
    listener.onCloseFrame(status);
  }

  private void fail(ProtocolViolation violation) {
    failure = violation;
    discarding = true;
    // RFC 6455 §7.1.7: to _Fail the WebSocket Connection_, send a Close frame with the
    // appropriate status code (unless one was sent already) and then close the connection.
    if (closeSent == null && state != ConnectionState.CLOSED) {
      sendClose(new CloseStatus(violation.closeCode(), violation.getMessage()));
    }
    if (state == ConnectionState.OPEN) {
      state = ConnectionState.CLOSING;
    }
    listener.onViolation(violation);
  }

  // ---------------------------------------------------------------- sending

  /** Sends a whole text message, encoded as UTF-8 (unpaired surrogates become U+FFFD). */
  public void sendText(CharSequence text) {
    requireNoFragmentedMessage();
    ByteBuffer encoded = encodeToScratch(text);
    try {
      sendMessage(Opcode.TEXT, encoded, Ownership.SCRATCH);
    } finally {
      PayloadScratch.giveBack(encoded);
    }
  }

  /**
   * Sends a whole binary message whose payload is {@link Ownership#SHARED}: a server sends a view
   * of {@code payload} without copying it, so the caller must not modify it until the frame is
   * written; a client sends a masked copy. The position of {@code payload} does not move.
   */
  public void sendBinary(ByteBuffer payload) {
    sendBinary(payload, Ownership.SHARED);
  }

  /**
   * Sends a whole binary message, {@code payload} owned as {@code ownership} says. An
   * uncompressed payload reaches the output with that ownership unchanged; a client masks it in
   * place only where the ownership allows writing, else a copy in this thread's scratch. Nothing
   * is allocated for an uncompressed message that is not kept, and the position of {@code
   * payload} does not move unless it was {@link Ownership#OWNED handed over}.
   */
  public void sendBinary(ByteBuffer payload, Ownership ownership) {
    requireNoFragmentedMessage();
    sendMessage(Opcode.BINARY, payload, ownership);
  }

  /**
   * Sends a whole text message whose bytes are UTF-8 already (a message encoded once for many
   * connections): they go as they are. {@code ownership} as for {@link #sendBinary(ByteBuffer,
   * Ownership)}.
   */
  public void sendTextUtf8(ByteBuffer utf8, Ownership ownership) {
    requireNoFragmentedMessage();
    sendMessage(Opcode.TEXT, utf8, ownership);
  }

  /** Whether a fragmented message of ours is in progress: whole messages must wait for its end. */
  public boolean isSendingFragmentedMessage() {
    return outgoingOpcode != Opcode.CONTINUATION;
  }

  /** One whole message, compressed if the codec takes it (the compressed bytes are new: owned). */
  private void sendMessage(int opcode, ByteBuffer payload, Ownership ownership) {
    if (deflate != null && deflate.compresses(payload.remaining())) {
      // RFC 7692 §6: RSV1 on the first (here the only) frame of a compressed message.
      emit(true, PerMessageDeflate.RSV1, opcode, deflate.compress(payload, true), Ownership.OWNED);
    } else {
      emit(true, 0, opcode, payload, ownership);
    }
  }

  /**
   * Sends one fragment of a text message. The first fragment starts a text message; later ones
   * continue it until one with {@code last} set ends it (RFC 6455 §5.4). A surrogate pair split
   * across two fragments is kept whole.
   */
  public void sendTextFragment(CharSequence text, boolean last) {
    int opcode = fragmentOpcode(Opcode.TEXT, last);
    CharSequence chars = text;
    if (pendingHighSurrogate != 0) {
      chars = pendingHighSurrogate + text.toString();
      pendingHighSurrogate = 0;
    }
    if (!last && chars.length() > 0 && Character.isHighSurrogate(chars.charAt(chars.length() - 1))) {
      pendingHighSurrogate = chars.charAt(chars.length() - 1);
      chars = chars.subSequence(0, chars.length() - 1);
    }
    ByteBuffer encoded = encodeToScratch(chars);
    try {
      sendFragment(last, opcode, encoded, Ownership.SCRATCH);
    } finally {
      PayloadScratch.giveBack(encoded);
    }
  }

  /**
   * Sends one fragment of a text message whose bytes are UTF-8 already (a stream's chunk): they
   * go as they are, and the peer checks them. It takes part in the same sequence as {@link
   * #sendTextFragment}, so no other message can come between a stream's fragments (RFC 6455
   * §5.4). {@code ownership} as for {@link #sendBinary(ByteBuffer, Ownership)}.
   */
  public void sendTextFragmentUtf8(ByteBuffer utf8, boolean last, Ownership ownership) {
    sendFragment(last, fragmentOpcode(Opcode.TEXT, last), utf8, ownership);
  }

  /**
   * Sends one fragment of a binary message, {@link Ownership#SHARED}; see {@link
   * #sendTextFragment} for the sequence.
   */
  public void sendBinaryFragment(ByteBuffer payload, boolean last) {
    sendBinaryFragment(payload, last, Ownership.SHARED);
  }

  /** Sends one fragment of a binary message, {@code payload} owned as {@code ownership} says. */
  public void sendBinaryFragment(ByteBuffer payload, boolean last, Ownership ownership) {
    sendFragment(last, fragmentOpcode(Opcode.BINARY, last), payload, ownership);
  }

  /** One fragment, compressed when its message is. */
  private void sendFragment(boolean last, int opcode, ByteBuffer payload, Ownership ownership) {
    if (opcode != Opcode.CONTINUATION) {
      // A streamed message's size is unknown at its start, so with compression negotiated every
      // fragmented message is compressed; each fragment is flushed so the peer can use it early.
      outgoingCompressed = deflate != null;
    }
    if (outgoingCompressed) {
      int rsv = opcode != Opcode.CONTINUATION ? PerMessageDeflate.RSV1 : 0;
      emit(last, rsv, opcode, deflate.compress(payload, last), Ownership.OWNED);
    } else {
      emit(last, 0, opcode, payload, ownership);
    }
  }

  /**
   * Sends a frame with any opcode and flags, for extensions and tests of peers. No rule is
   * checked beyond the state: the caller owns the consequences.
   */
  public void sendRawFrame(boolean fin, int rsv, int opcode, ByteBuffer payload) {
    requireOpen();
    emit(fin, rsv, opcode, payload, Ownership.SHARED);
  }

  /**
   * Sends a whole message encoded once for many connections (a broadcast). Only a server may: a
   * client must mask every frame with its own key. The output gets the frame's own read-only
   * {@linkplain PreparedFrame#view view} as the payload, with an empty header.
   *
   * @throws IllegalStateException on a client, after a close frame, or while a fragmented
   *     message of ours is in progress
   * @throws IllegalArgumentException if the frame is compressed in a way this connection did not
   *     agree to ({@link PreparedFrame#suits})
   */
  public void sendPrepared(PreparedFrame frame) {
    if (isClient()) {
      throw new IllegalStateException("a client masks each frame with a fresh key (RFC 6455 §5.3)");
    }
    requireNoFragmentedMessage();
    if (!frame.suits(deflate)) {
      throw new IllegalArgumentException("a frame compressed with a " + frame.windowBits()
          + "-bit window and no context takeover does not suit this connection's agreement");
    }
    output.write(NO_HEADER, frame.view(), Ownership.SHARED);
  }

  /**
   * Sends the pong held back while the output was backed up (see {@link FrameOutput#backedUp}),
   * if one is and nothing forbids it now; the caller calls this when its output drains.
   */
  public void sendPendingPong() {
    ByteBuffer pong = pendingPong;
    pendingPong = null;
    if (pong != null && closeSent == null && state != ConnectionState.CLOSED) {
      sendControl(Opcode.PONG, pong, Ownership.OWNED);
    }
  }

  /** Whether a pong waits for the output to drain (tests). */
  boolean hasPendingPong() {
    return pendingPong != null;
  }

  /**
   * Fails the connection for a reason of this side's (a fault while handling it, a limit of the
   * server's): the rest of the input is discarded, and a close frame with {@code code} starts the
   * closing handshake unless one was sent already. The peer learns only the code and {@code
   * reason}, which should say nothing of this side's internals.
   */
  public void abandon(int code, String reason) {
    if (abandoned == null && failure == null) {
      abandoned = CloseStatus.of(code, reason == null ? "" : reason);
    }
    discarding = true;
    if (decoder != null) {
      decoder.ignoreRest();
    }
    if (closeSent == null && state != ConnectionState.CLOSED) {
      sendClose(CloseStatus.of(code, reason == null ? "" : reason));
    }
    if (state == ConnectionState.OPEN) {
      state = ConnectionState.CLOSING;
    }
  }

  /** Sends a ping; its payload must be 125 bytes or less (RFC 6455 §5.5). */
  public void ping(ByteBuffer payload) {
    requireOpen();
    sendControl(Opcode.PING, payload, Ownership.SHARED);
  }

  /** Sends an unsolicited or replacement pong; 125 bytes or less (RFC 6455 §5.5.3). */
  public void pong(ByteBuffer payload) {
    requireOpen();
    sendControl(Opcode.PONG, payload, Ownership.SHARED);
  }

  /**
   * Starts the closing handshake with a close frame (RFC 6455 §7.1.2). The code must be
   * sendable ({@link CloseCode#isSendable}) or 1005 for a close frame without a body; the reason
   * is cut at a code point boundary to fit. Does nothing if a close frame was already sent.
   */
  public void close(int code, String reason) {
    if (closeSent != null || state == ConnectionState.CLOSED) {
      return;
    }
    CloseStatus status = code == CloseCode.NO_STATUS_RECEIVED ? CloseStatus.NO_STATUS
        : CloseStatus.of(code, reason == null ? "" : reason);
    sendClose(status);
    state = ConnectionState.CLOSING;
  }

  private void sendClose(CloseStatus status) {
    closeSent = status;
    // The close frame ends any fragmented message of ours; nothing may follow it.
    if (outgoingOpcode != Opcode.CONTINUATION && outgoingCompressed) {
      deflate.abandonMessage();
    }
    outgoingOpcode = Opcode.CONTINUATION;
    emit(true, 0, Opcode.CLOSE, status.toPayload(), Ownership.OWNED);
  }

  private int fragmentOpcode(int type, boolean last) {
    requireOpen();
    int opcode;
    if (outgoingOpcode == Opcode.CONTINUATION) {
      opcode = type;
      outgoingOpcode = (byte) (last ? Opcode.CONTINUATION : type);
    } else if (outgoingOpcode != type) {
      throw new IllegalStateException("a " + Opcode.name(outgoingOpcode).toLowerCase()
          + " message is in progress; finish it before sending " + Opcode.name(type).toLowerCase());
    } else {
      opcode = Opcode.CONTINUATION;
      if (last) {
        outgoingOpcode = Opcode.CONTINUATION;
      }
    }
    return opcode;
  }

  private void requireNoFragmentedMessage() {
    requireOpen();
    if (outgoingOpcode != Opcode.CONTINUATION) {
      throw new IllegalStateException(
          "a fragmented message is in progress; end it before sending another message");
    }
  }

  private void requireOpen() {
    // RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST NOT send any further data
    // frames."
    if (closeSent != null || state == ConnectionState.CLOSED) {
      throw new IllegalStateException("connection is " + state + "; a close frame was "
          + (closeSent == null ? "not" : "already") + " sent");
    }
  }

  private void sendControl(int opcode, ByteBuffer payload, Ownership ownership) {
    if (payload.remaining() > MessageDecoder.MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException(Opcode.name(opcode).toLowerCase() + " payload of "
          + payload.remaining() + " bytes; RFC 6455 §5.5 allows at most 125");
    }
    emit(true, 0, opcode, payload, ownership);
  }

  /**
   * Encodes {@code text} into this thread's scratch (see {@link PayloadScratch}), sized by the
   * 3-bytes-per-char bound so the text is walked once; the caller gives the buffer back.
   */
  private static ByteBuffer encodeToScratch(CharSequence text) {
    long bound = 3L * text.length();
    ByteBuffer bytes = PayloadScratch.borrow(bound <= PayloadScratch.MAX_KEPT ? (int) bound
        : Utf8Encoder.encodedLength(text));
    Utf8Encoder.encode(text, bytes);
    return bytes.flip();
  }

  private ByteBuffer headerScratch() {
    if (header == null) {
      header = ByteBuffer.allocate(MAX_HEADER);
    }
    return header.clear();
  }

  /**
   * Encodes one frame to the output: the one place a frame of this connection is encoded. The
   * header is this connection's scratch, lent to the output. A server hands the payload on with
   * its ownership unchanged (a read-only view when shared, so the caller's position stays). A
   * client masks it (RFC 6455 §5.3): in place where the ownership allows writing, else in a copy
   * in this thread's scratch, lent on as {@link Ownership#SCRATCH}. Unless the payload was handed
   * over, its position does not move.
   */
  private void emit(boolean fin, int rsv, int opcode, ByteBuffer payload, Ownership ownership) {
    ByteBuffer h = headerScratch();
    int length = payload.remaining();
    if (!isClient()) {
      FrameEncoder.writeHeader(h, fin, rsv, opcode, length, false, 0);
      writeKeepingPosition(h.flip(), length == 0 ? null : payload, ownership);
      return;
    }
    // "The masking key is a 32-bit value chosen at random by the client ... MUST pick a fresh
    // masking key for each frame."
    int key = maskKeys.nextKey();
    FrameEncoder.writeHeader(h, fin, rsv, opcode, length, true, key);
    if (length == 0) {
      output.write(h.flip(), null, ownership);
    } else if (ownership.mayModify()) {
      Masker.mask(payload, payload.position(), payload.position() + length, key, 0);
      writeKeepingPosition(h.flip(), payload, ownership);
    } else {
      ByteBuffer copy = PayloadScratch.borrow(length);
      try {
        copy.put(0, payload, payload.position(), length).limit(length);
        Masker.mask(copy, 0, length, key, 0);
        output.write(h.flip(), copy, Ownership.SCRATCH);
      } finally {
        PayloadScratch.giveBack(copy);
      }
    }
  }

  /** Writes a frame whose payload (or null) the output may consume; the caller's position stays. */
  private void writeKeepingPosition(ByteBuffer header, ByteBuffer payload, Ownership ownership) {
    if (payload == null) {
      output.write(header, null, ownership);
    } else if (ownership == Ownership.SHARED) {
      output.write(header, payload.asReadOnlyBuffer(), ownership); // a view the output may keep
    } else {
      int position = payload.position();
      try {
        output.write(header, payload, ownership);
      } finally {
        if (ownership != Ownership.OWNED) {
          payload.position(position);
        }
      }
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Whether the layer above should close the transport now: after a protocol failure, or once
   * the close handshake is complete on the server (RFC 6455 §7.1.1: "the underlying TCP
   * connection ... SHOULD be closed first by the server"). A client waits for the server to close
   * TCP, bounded by a timeout of the layer above.
   */
  public boolean shouldCloseTransport() {
    if (failure != null || abandoned != null) {
      return true;
    }
    return closeSent != null && closeReceived != null && !isClient();
  }

  /** Whether both close frames have been exchanged. */
  public boolean isCloseHandshakeComplete() {
    return closeSent != null && closeReceived != null;
  }

  /** The close frame this side sent, or null. */
  public CloseStatus closeSent() {
    return closeSent;
  }

  /** The close frame the peer sent, or null. */
  public CloseStatus closeReceived() {
    return closeReceived;
  }

  /** The violation the peer committed, or null. */
  public ProtocolViolation failure() {
    return failure;
  }

  /**
   * How the connection ended, as far as known now (final once the state is CLOSED). A protocol
   * violation reports its own code and description, unclean. Otherwise the code is that of the
   * peer's close frame (RFC 6455 §7.1.5), or 1006 if none arrived (§7.1.5: "considered to be
   * 1006"); clean means both close frames were exchanged (§7.1.4).
   */
  public CloseOutcome outcome() {
    if (failure != null) {
      return new CloseOutcome(failure.closeCode(), failure.getMessage(), false, false);
    }
    if (abandoned != null) {
      return new CloseOutcome(abandoned.code(), abandoned.reason(), false, false);
    }
    if (closeReceived != null) {
      return new CloseOutcome(closeReceived.code(), closeReceived.reason(), closeSent != null,
          peerClosedFirst);
    }
    return new CloseOutcome(CloseCode.ABNORMAL_CLOSURE, "", false, closeSent == null);
  }
}
