package io.sockjet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream (a program's output, the standard input of {@code connect}) into lines of
 * raw bytes, holding at most {@code maxBytes} of one line. The newline is removed, and a carriage
 * return before it; a last line without a newline counts too. A longer line either comes out in
 * pieces of at most {@code maxBytes}, each cut where a UTF-8 character starts so no piece ends in
 * half a character ({@link Overflow#SPLIT}), or is an error ({@link Overflow#FAIL}). Bytes are
 * not decoded. Not thread-safe: one reader thread owns it.
 */
final class LineReader {
  /** Bytes read from the stream per call: a pipe's atomic write size. */
  private static final int CHUNK = 4096;

  private final InputStream in;
  private final int maxBytes;
  private final Overflow overflow;
  private final int capacity; // FAIL keeps one more byte: a '\r' that the newline will drop
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[256];
  private int length;
  private boolean eof;

  /** What to do with a line longer than the limit. */
  enum Overflow {
    /** Hand it out in pieces (a program's output: every byte reaches the peer). */
    SPLIT,
    /** Throw {@link LineTooLongException} (typed input: one line is one message). */
    FAIL
  }

  /**
   * Reads {@code in}; {@code maxBytes} (at least 4, one UTF-8 character) bounds a line, and
   * {@code overflow} says what happens past it.
   */
  LineReader(InputStream in, int maxBytes, Overflow overflow) {
    if (maxBytes < 4) {
      throw new IllegalArgumentException("maxBytes must hold a UTF-8 character: " + maxBytes);
    }
    this.in = in;
    this.maxBytes = maxBytes;
    this.overflow = overflow;
    this.capacity = overflow == Overflow.FAIL ? maxBytes + 1 : maxBytes;
  }

  /**
   * The next line (or piece of a long line), without its line ending; null at the end of the
   * stream. A last line without a newline is returned too. Blocks until a line is complete.
   *
   * @throws LineTooLongException with {@link Overflow#FAIL}, for a line over the limit (the
   *     rest of it is not read)
   */
  byte[] next() throws IOException {
    while (true) {
      while (chunkPos < chunkEnd) {
        byte b = chunk[chunkPos++];
        if (b == '\n') {
          return checked(take(length, true));
        }
        if (length == capacity) {
          if (overflow == Overflow.FAIL) {
            throw new LineTooLongException(maxBytes);
          }
          chunkPos--; // this byte starts the next piece
          return take(cut(), false);
        }
        append(b);
      }
      if (eof) {
        return length > 0 ? checked(take(length, true)) : null;
      }
      int n = in.read(chunk);
      if (n < 0) {
        eof = true;
      } else {
        chunkPos = 0;
        chunkEnd = n;
      }
    }
  }

  /**
   * Where to cut a full buffer: before the last character if it may be incomplete (the next
   * byte, still unread, could continue it). A UTF-8 continuation byte is 10xxxxxx, so walk back
   * over at most three of them to the lead byte.
   */
  private int cut() {
    int i = length - 1;
    int back = 0;
    while (i > 0 && back < 3 && (line[i] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    int lead = line[i] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > 1 && length - i < need && i > 0) {
      return i; // the character at i is incomplete: leave it for the next piece
    }
    return length;
  }

  private byte[] take(int n, boolean wholeLine) {
    int end = n;
    if (wholeLine && end > 0 && line[end - 1] == '\r') {
      end--;
    }
    byte[] out = Arrays.copyOf(line, end);
    // Bytes after n (an incomplete character held back by cut) start the next piece.
    System.arraycopy(line, n, line, 0, length - n);
    length -= n;
    return out;
  }

  private void append(byte b) {
    if (length == line.length) {
      line = Arrays.copyOf(line, Math.min(capacity, line.length * 2));
    }
    line[length++] = b;
  }

  /** A whole line: with {@link Overflow#FAIL}, over the limit once its '\r' is gone is an error. */
  private byte[] checked(byte[] wholeLine) throws LineTooLongException {
    if (wholeLine.length > maxBytes) {
      throw new LineTooLongException(maxBytes);
    }
    return wholeLine;
  }

  /** A line passed the limit given to the reader. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(int max) {
      super("an input line is longer than " + max + " bytes, the largest message sent");
    }
  }
}
