package io.sockjet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Not thread-safe: splits an input stream into lines of raw bytes. A line ends at '\n'; a '\r'
 * just before it is dropped too (CRLF input). The last line counts even without a final '\n',
 * so {@code printf 'a\nb'} is two lines and {@code printf 'a\n'} one. Bytes are not decoded:
 * {@code --binary} sends them as they are, text mode decodes them as UTF-8.
 */
final class LineReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;

  /**
   * Reads from {@code in}; a line longer than {@code maxLineBytes} is an error rather than an
   * unbounded buffer.
   */
  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line without its terminator, or null at end of input.
   *
   * @throws LineTooLongException if a line passes the limit (the rest of it is not read)
   * @throws IOException if reading fails
   */
  byte[] next() throws IOException {
    ByteArrayOutputStream line = null;
    while (true) {
      if (chunkPos == chunkEnd) {
        if (eof || !fill()) {
          if (line == null) {
            return null;
          }
          return finish(line);
        }
      }
      int newline = indexOf((byte) '\n', chunkPos, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      if (line == null) {
        line = new ByteArrayOutputStream(Math.max(16, end - chunkPos));
      }
      if (line.size() + (end - chunkPos) > maxLineBytes + 1) { // +1: room for a dropped '\r'
        throw new LineTooLongException(maxLineBytes);
      }
      line.write(chunk, chunkPos, end - chunkPos);
      chunkPos = end;
      if (newline >= 0) {
        chunkPos++;
        return finish(line);
      }
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(chunk);
    if (n < 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkEnd = n;
    return true;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chunk[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The line without a trailing '\r', checked against the limit. */
  private byte[] finish(ByteArrayOutputStream line) throws LineTooLongException {
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
      bytes = Arrays.copyOf(bytes, bytes.length - 1);
    }
    if (bytes.length > maxLineBytes) {
      throw new LineTooLongException(maxLineBytes);
    }
    return bytes;
  }

  /** A line passed the limit given to the reader. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(int max) {
      super("an input line is longer than " + max + " bytes, the largest message sent");
    }
  }
}
