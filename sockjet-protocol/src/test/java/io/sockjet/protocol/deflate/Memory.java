package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;

/**
 * The kinds of buffer a caller may hand to a deflater or inflater. Each takes a different path
 * through the native binding: direct memory is used in place, heap memory goes through scratch
 * (by array, or through a buffer view when the array is hidden), and a slice has a non-zero array
 * offset. Stateless.
 */
enum Memory {
  HEAP,
  /** A heap slice whose array offset is not zero. */
  HEAP_SLICE,
  /** Read-only heap input (no accessible array); output stays plain heap, which must be writable. */
  READ_ONLY_HEAP,
  DIRECT;

  /** A buffer holding {@code data[offset, offset + length)} as its remaining bytes. */
  ByteBuffer input(byte[] data, int offset, int length) {
    return switch (this) {
      case HEAP -> ByteBuffer.wrap(data, offset, length);
      case HEAP_SLICE -> ByteBuffer.wrap(data, offset, length).slice();
      case READ_ONLY_HEAP -> ByteBuffer.wrap(data, offset, length).asReadOnlyBuffer();
      case DIRECT -> ByteBuffer.allocateDirect(length).put(data, offset, length).flip();
    };
  }

  /** An empty buffer with {@code room} bytes of room. */
  ByteBuffer output(int room) {
    return switch (this) {
      case HEAP, READ_ONLY_HEAP -> ByteBuffer.allocate(room);
      case HEAP_SLICE -> ByteBuffer.allocate(room + 3).position(3).slice();
      case DIRECT -> ByteBuffer.allocateDirect(room);
    };
  }
}
