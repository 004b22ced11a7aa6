package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Drives a {@link RawDeflater} or {@link RawInflater} over a whole input the way a codec would:
 * the input in pieces of a chosen size, the output through a buffer of a chosen room that is
 * drained whenever the call reports it full. Checks the calling contract on the way (false only
 * with a full output; progress on every call). Stateless.
 */
final class Driver {
  private Driver() {}

  /** Compresses {@code data} as one message ending in a sync flush. */
  static byte[] deflate(RawDeflater deflater, byte[] data, int piece, int room, Memory memory) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    ByteBuffer out = memory.output(room);
    int offset = 0;
    do {
      int length = Math.min(piece, data.length - offset);
      ByteBuffer in = memory.input(data, offset, length);
      offset += length;
      boolean last = offset == data.length;
      while (!deflater.deflate(in, out, last)) {
        // RawDeflater: false means out filled up first.
        assertThat(out.hasRemaining()).as("deflate returned false with room left").isFalse();
        drain(out, compressed);
      }
      assertThat(in.hasRemaining()).as("deflate returned true with input left").isFalse();
      drain(out, compressed);
    } while (offset < data.length);
    return compressed.toByteArray();
  }

  /**
   * Decompresses {@code data}, stopping early if the stream ends (BFINAL).
   *
   * @throws DataFormatException as the inflater does
   */
  static byte[] inflate(RawInflater inflater, byte[] data, int piece, int room, Memory memory)
      throws DataFormatException {
    ByteArrayOutputStream inflated = new ByteArrayOutputStream();
    ByteBuffer out = memory.output(room);
    int offset = 0;
    do {
      int length = Math.min(piece, data.length - offset);
      ByteBuffer in = memory.input(data, offset, length);
      offset += length;
      while (!inflater.finished()) {
        int before = in.remaining();
        int n = inflater.inflate(in, out);
        assertThat(out.position()).as("the returned count").isEqualTo(n);
        boolean full = !out.hasRemaining();
        drain(out, inflated);
        if (!full && !in.hasRemaining()) {
          break; // everything given was read and nothing more is owed
        }
        assertThat(n > 0 || in.remaining() < before || inflater.finished())
            .as("inflate made no progress with input and room")
            .isTrue();
      }
    } while (offset < data.length && !inflater.finished());
    return inflated.toByteArray();
  }

  private static void drain(ByteBuffer out, ByteArrayOutputStream sink) {
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    sink.write(bytes, 0, bytes.length);
    out.clear();
  }
}
