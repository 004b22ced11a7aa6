package io.sockjet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream (a program's output) into lines, holding at most {@code maxBytes} of one
 * line: a longer line comes out in pieces of at most that size, each cut where a UTF-8 character
 * starts, so no piece ends in half a character. The newline is removed, and a carriage return
 * before it. Not thread-safe: one reader thread owns it.
 */
final class LineReader {
  /** Bytes read from the stream per call: a pipe's atomic write size. */
  private static final int CHUNK = 4096;

  private final InputStream in;
  private final int maxBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[256];
  private int length;
  private boolean eof;

  /** Reads {@code in}; {@code maxBytes} (at least 4, one UTF-8 character) bounds a line. */
  LineReader(InputStream in, int maxBytes) {
    if (maxBytes < 4) {
      throw new IllegalArgumentException("maxBytes must hold a UTF-8 character: " + maxBytes);
    }
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /**
   * The next line (or piece of a long line), without its line ending; null at the end of the
   * stream. A last line without a newline is returned too. Blocks until a line is complete.
   */
  byte[] next() throws IOException {
    while (true) {
      while (chunkPos < chunkEnd) {
        byte b = chunk[chunkPos++];
        if (b == '\n') {
          return take(length, true);
        }
        if (length == maxBytes) {
          chunkPos--; // this byte starts the next piece
          return take(cut(), false);
        }
        append(b);
      }
      if (eof) {
        return length > 0 ? take(length, true) : null;
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
      line = Arrays.copyOf(line, Math.min(maxBytes, line.length * 2));
    }
    line[length++] = b;
  }
}
