package io.sockjet.protocol.frame;

import io.sockjet.testkit.Hex;
import java.util.Arrays;

/**
 * Immutable. One frame as a {@link FrameSink} saw it: the raw header values and the whole
 * (unmasked) payload. Equality compares payload contents, so lists of frames compare directly.
 */
public record RecordedFrame(
    boolean fin, int rsv, int opcode, boolean masked, long length, byte[] payload) {

  /** A frame whose declared length is the payload's length. */
  public static RecordedFrame of(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    return new RecordedFrame(fin, rsv, opcode, masked, payload.length, payload);
  }

  /** The same header with another payload. */
  public RecordedFrame withPayload(byte[] bytes) {
    return new RecordedFrame(fin, rsv, opcode, masked, length, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedFrame f
        && fin == f.fin
        && rsv == f.rsv
        && opcode == f.opcode
        && masked == f.masked
        && length == f.length
        && Arrays.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + Long.hashCode(length) * 7 + opcode;
  }

  @Override
  public String toString() {
    String hex = payload.length <= 32 ? Hex.of(payload) : payload.length + " bytes";
    return (fin ? "FIN " : "")
        + Opcode.name(opcode)
        + " rsv="
        + rsv
        + (masked ? " masked" : "")
        + " len="
        + length
        + " ["
        + hex
        + "]";
  }
}
