package io.sockjet.protocol.frame;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import io.sockjet.protocol.text.Utf8Encoder;
import io.sockjet.protocol.text.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Immutable and thread-safe.
 *
 * <p>The status of a closing handshake: a close code and a reason, as carried by a close frame
 * (RFC 6455 §5.5.1) or as reported to the user when there was none. The canonical constructor
 * accepts any 16-bit code, including those that must never be sent (1005 "no status received",
 * 1006 "abnormal closure"), so the layer above can report what happened; {@link #of} is the
 * checked factory for a status this endpoint means to send.
 *
 * @param code the close code, 0-65535 (see {@link CloseCode})
 * @param reason the reason, never null: {@code ""} when absent (a null argument becomes "")
 */
public record CloseStatus(int code, String reason) {
  /**
   * The largest reason that fits a close frame: RFC 6455 §5.5 limits control frame payloads to
   * 125 bytes ("All control frames MUST have a payload length of 125 bytes or less"), and the
   * code takes the first 2.
   */
  public static final int MAX_REASON_BYTES = 123;

  /** The code is a 2-byte unsigned integer in network byte order (§5.5.1). */
  private static final int CODE_BYTES = 2;

  /** 1000 with no reason: the usual way to end a connection. */
  public static final CloseStatus NORMAL = new CloseStatus(CloseCode.NORMAL, "");
  /** 1001 with no reason: this endpoint is shutting down. */
  public static final CloseStatus GOING_AWAY = new CloseStatus(CloseCode.GOING_AWAY, "");
  /** 1005: the peer's close frame had no body. Never sent; {@link #toPayload()} is empty. */
  public static final CloseStatus NO_STATUS = new CloseStatus(CloseCode.NO_STATUS_RECEIVED, "");
  /** 1006: the connection ended without a close frame. Reported locally, never sent. */
  public static final CloseStatus ABNORMAL = new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "");

  /**
   * A status with any 16-bit code.
   *
   * @throws IllegalArgumentException if {@code code} is outside 0-65535
   */
  public CloseStatus {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("close code outside 0-65535: " + code);
    }
    if (reason == null) {
      reason = "";
    }
  }

  /**
   * A status this endpoint may send.
   *
   * @throws IllegalArgumentException if {@link CloseCode#isSendable} refuses {@code code} (e.g.
   *     1005, 1006, 1015, 1004, 2000 or 5000)
   */
  public static CloseStatus of(int code, String reason) {
    if (!CloseCode.isSendable(code)) {
      throw new IllegalArgumentException(
          "close code " + code + " (" + CloseCode.name(code) + ") must not be sent");
    }
    return new CloseStatus(code, reason);
  }

  /**
   * Reads the body of a close frame the peer sent (RFC 6455 §5.5.1). Reads the remaining bytes
   * of {@code payload} without moving its position, so the caller keeps control of its buffer.
   * The frame layer has already bounded the payload to 125 bytes.
   *
   * @return {@link #NO_STATUS} for an empty body, else the code and the decoded reason
   * @throws ProtocolViolation {@link Violation#INVALID_CLOSE_PAYLOAD} for a 1-byte body,
   *     {@link Violation#INVALID_CLOSE_CODE} for a code not {@link CloseCode#isValidOnWire valid
   *     on the wire}, {@link Violation#INVALID_CLOSE_REASON} for a reason that is not UTF-8
   */
  public static CloseStatus parse(ByteBuffer payload) throws ProtocolViolation {
    int length = payload.remaining();
    if (length == 0) {
      // §5.5.1: "The Close frame MAY contain a body"; §7.1.5: without one, the status is 1005.
      return NO_STATUS;
    }
    if (length < CODE_BYTES) {
      // §5.5.1: "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned
      // integer (in network byte order) representing a status code".
      throw new ProtocolViolation(Violation.INVALID_CLOSE_PAYLOAD);
    }
    int at = payload.position();
    // Read big-endian byte by byte: the caller's buffer may be set to little-endian order.
    int code = (payload.get(at) & 0xFF) << 8 | (payload.get(at + 1) & 0xFF);
    if (!CloseCode.isValidOnWire(code)) {
      throw new ProtocolViolation(
          Violation.INVALID_CLOSE_CODE,
          "invalid close code " + code + " (" + CloseCode.name(code) + ")");
    }
    ByteBuffer reasonBytes = payload.duplicate().position(at + CODE_BYTES);
    // §5.5.1: "the body MAY contain UTF-8-encoded data"; §8.1: invalid UTF-8 fails with 1007.
    if (!Utf8Validator.isValid(reasonBytes)) {
      throw new ProtocolViolation(Violation.INVALID_CLOSE_REASON);
    }
    byte[] reason = new byte[reasonBytes.remaining()];
    reasonBytes.get(reason);
    return new CloseStatus(code, new String(reason, StandardCharsets.UTF_8));
  }

  /**
   * The body of a close frame carrying this status, in a new buffer ready to read: the code in 2
   * bytes, big-endian, then the reason in UTF-8. A reason longer than {@value #MAX_REASON_BYTES}
   * bytes is cut at the last code point boundary that fits, so the payload never exceeds 125
   * bytes and stays valid UTF-8 (a surrogate pair is never split; unpaired surrogates become
   * U+FFFD, see {@link Utf8Encoder}).
   *
   * <p>{@link CloseCode#NO_STATUS_RECEIVED 1005} gives an empty body: that is how "no status" is
   * sent (§7.1.5), whatever the reason says.
   *
   * @throws IllegalStateException if the code must not be sent (1006, 1015, 1004, ...); only
   *     {@link #of} guarantees a sendable status
   */
  public ByteBuffer toPayload() {
    if (code == CloseCode.NO_STATUS_RECEIVED) {
      return ByteBuffer.allocate(0);
    }
    if (!CloseCode.isSendable(code)) {
      throw new IllegalStateException(
          "close code " + code + " (" + CloseCode.name(code) + ") must not be sent");
    }
    int chars = Utf8Encoder.charsFitting(reason, MAX_REASON_BYTES);
    String sent = chars == reason.length() ? reason : reason.substring(0, chars);
    ByteBuffer out = ByteBuffer.allocate(CODE_BYTES + Utf8Encoder.encodedLength(sent));
    out.put((byte) (code >>> 8)).put((byte) code);
    Utf8Encoder.encode(sent, out);
    return out.flip();
  }
}
