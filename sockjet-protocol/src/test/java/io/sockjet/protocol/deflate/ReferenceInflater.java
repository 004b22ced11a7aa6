package io.sockjet.protocol.deflate;

import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * A raw DEFLATE (RFC 1951) decoder written from the RFC for tests, independent of zlib, that
 * reads with a window of exactly {@code 2^windowBits} bytes and counts the back references it
 * follows. Neither {@code java.util.zip}'s inflater nor zlib's can say that: the first always
 * reads with 32 KiB, and the second reaches into its output buffer as well as its window and
 * reads 8-bit windows as 9. A stream this decoder reads with window {@code w} is therefore one
 * every RFC 7692 peer that agreed {@code w} can read.
 *
 * <p>It reads a stream of whole blocks: one that ends with a final block, or, as a
 * permessage-deflate message does, at the byte boundary a sync flush leaves. Not thread-safe;
 * each {@link #inflate} call makes its own.
 */
final class ReferenceInflater {
  /** RFC 1951 §3.2.5: base lengths of length codes 257..285, and their extra bits. */
  private static final int[] LENGTH_BASE = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258
  };
  private static final int[] LENGTH_EXTRA = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  /** RFC 1951 §3.2.5: base distances of distance codes 0..29, and their extra bits. */
  private static final int[] DISTANCE_BASE = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
  };
  private static final int[] DISTANCE_EXTRA = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
  };
  /** RFC 1951 §3.2.7: the order in which code length code lengths are sent. */
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };
  private static final int MAX_BITS = 15;

  /**
   * What a stream decoded to.
   *
   * @param output the inflated bytes
   * @param backReferences how many length/distance pairs it held
   * @param longestDistance the furthest any of them reached back, 0 for none
   */
  record Result(byte[] output, int backReferences, int longestDistance) {}

  private final byte[] in;
  private final int window;
  private int position;
  private int bitBuffer;
  private int bitCount;
  private byte[] out = new byte[1024];
  private int length;
  private int backReferences;
  private int longestDistance;

  private ReferenceInflater(byte[] in, int windowBits) {
    this.in = in;
    this.window = 1 << windowBits;
  }

  /**
   * Decodes {@code compressed} with a window of {@code 2^windowBits} bytes.
   *
   * @throws DataFormatException if the stream is malformed, ends inside a block, or reaches back
   *     further than the window ("distance too far back", as zlib says)
   */
  static Result inflate(byte[] compressed, int windowBits) throws DataFormatException {
    ReferenceInflater reader = new ReferenceInflater(compressed, windowBits);
    reader.blocks();
    return new Result(Arrays.copyOf(reader.out, reader.length), reader.backReferences, reader.longestDistance);
  }

  private void blocks() throws DataFormatException {
    boolean last = false;
    // A sync flush ends on a byte boundary, so a stream without a final block ends where the
    // input does with no bits left over.
    while (!last && (position < in.length || bitCount > 0)) {
      last = bits(1) == 1;
      switch (bits(2)) {
        case 0 -> stored();
        case 1 -> codes(Huffman.FIXED_LITERALS, Huffman.FIXED_DISTANCES);
        case 2 -> dynamic();
        default -> throw new DataFormatException("block type 3 is reserved");
      }
    }
  }

  /** RFC 1951 §3.2.4: LEN, NLEN, then LEN raw bytes, starting on a byte boundary. */
  private void stored() throws DataFormatException {
    bitBuffer = 0; // the rest of the current byte is padding
    bitCount = 0;
    if (position + 4 > in.length) {
      throw new DataFormatException("stored block header cut short");
    }
    int len = (in[position] & 0xff) | (in[position + 1] & 0xff) << 8;
    int nlen = (in[position + 2] & 0xff) | (in[position + 3] & 0xff) << 8;
    position += 4;
    if (len != (~nlen & 0xffff)) {
      throw new DataFormatException("stored block length does not match its complement");
    }
    if (position + len > in.length) {
      throw new DataFormatException("stored block cut short");
    }
    for (int i = 0; i < len; i++) {
      put(in[position++]);
    }
  }

  /** RFC 1951 §3.2.7: the code lengths of both codes, themselves Huffman coded. */
  private void dynamic() throws DataFormatException {
    int literalCodes = bits(5) + 257;
    int distanceCodes = bits(5) + 1;
    int codeLengthCodes = bits(4) + 4;
    int[] codeLengthLengths = new int[19];
    for (int i = 0; i < codeLengthCodes; i++) {
      codeLengthLengths[CODE_LENGTH_ORDER[i]] = bits(3);
    }
    Huffman codeLengths = new Huffman(codeLengthLengths);
    int[] lengths = new int[literalCodes + distanceCodes];
    for (int i = 0; i < lengths.length; ) {
      int symbol = codeLengths.decode(this);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      int repeated = 0;
      int times;
      if (symbol == 16) {
        if (i == 0) {
          throw new DataFormatException("repeat with no previous length");
        }
        repeated = lengths[i - 1];
        times = 3 + bits(2);
      } else {
        times = symbol == 17 ? 3 + bits(3) : 11 + bits(7);
      }
      if (i + times > lengths.length) {
        throw new DataFormatException("code lengths overrun");
      }
      Arrays.fill(lengths, i, i + times, repeated);
      i += times;
    }
    codes(new Huffman(Arrays.copyOf(lengths, literalCodes)),
        new Huffman(Arrays.copyOfRange(lengths, literalCodes, lengths.length)));
  }

  /** RFC 1951 §3.2.5: literals, and lengths each followed by a distance, up to code 256. */
  private void codes(Huffman literals, Huffman distances) throws DataFormatException {
    while (true) {
      int symbol = literals.decode(this);
      if (symbol < 256) {
        put((byte) symbol);
      } else if (symbol == 256) {
        return;
      } else {
        symbol -= 257;
        if (symbol >= LENGTH_BASE.length) {
          throw new DataFormatException("invalid length code " + (symbol + 257));
        }
        int copy = LENGTH_BASE[symbol] + bits(LENGTH_EXTRA[symbol]);
        int code = distances.decode(this);
        if (code >= DISTANCE_BASE.length) {
          throw new DataFormatException("invalid distance code " + code);
        }
        int distance = DISTANCE_BASE[code] + bits(DISTANCE_EXTRA[code]);
        if (distance > window || distance > length) {
          throw new DataFormatException("invalid distance too far back: " + distance);
        }
        backReferences++;
        longestDistance = Math.max(longestDistance, distance);
        for (int i = 0; i < copy; i++) {
          put(out[length - distance]); // overlapping copies repeat, as the RFC intends
        }
      }
    }
  }

  private void put(byte b) {
    if (length == out.length) {
      out = Arrays.copyOf(out, length * 2);
    }
    out[length++] = b;
  }

  /** The next {@code n} bits, least significant first (RFC 1951 §3.1.1). */
  private int bits(int n) throws DataFormatException {
    while (bitCount < n) {
      if (position == in.length) {
        throw new DataFormatException("stream cut short inside a block");
      }
      bitBuffer |= (in[position++] & 0xff) << bitCount;
      bitCount += 8;
    }
    int value = bitBuffer & ((1 << n) - 1);
    bitBuffer >>>= n;
    bitCount -= n;
    return value;
  }

  /** A canonical Huffman code (RFC 1951 §3.2.2), decoded a bit at a time. Immutable. */
  private static final class Huffman {
    static final Huffman FIXED_LITERALS = new Huffman(fixedLiteralLengths());
    static final Huffman FIXED_DISTANCES = new Huffman(filled(30, 5));

    /** How many codes have each length, 0..15. */
    private final int[] counts = new int[MAX_BITS + 1];
    /** The symbols in canonical order: by length, then by value. */
    private final int[] symbols;

    Huffman(int[] lengths) {
      for (int length : lengths) {
        counts[length]++;
      }
      int[] offsets = new int[MAX_BITS + 2];
      for (int bits = 1; bits <= MAX_BITS; bits++) {
        offsets[bits + 1] = offsets[bits] + counts[bits];
      }
      symbols = new int[lengths.length];
      for (int symbol = 0; symbol < lengths.length; symbol++) {
        if (lengths[symbol] != 0) {
          symbols[offsets[lengths[symbol]]++] = symbol;
        }
      }
    }

    /** Huffman codes are sent most significant bit first, unlike every other field. */
    int decode(ReferenceInflater reader) throws DataFormatException {
      int code = 0;
      int first = 0;
      int index = 0;
      for (int bits = 1; bits <= MAX_BITS; bits++) {
        code |= reader.bits(1);
        int count = counts[bits];
        if (code - first < count) {
          return symbols[index + code - first];
        }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
      }
      throw new DataFormatException("no such Huffman code");
    }

    /** RFC 1951 §3.2.6: 0-143 take 8 bits, 144-255 nine, 256-279 seven, 280-287 eight. */
    private static int[] fixedLiteralLengths() {
      int[] lengths = new int[288];
      Arrays.fill(lengths, 0, 144, 8);
      Arrays.fill(lengths, 144, 256, 9);
      Arrays.fill(lengths, 256, 280, 7);
      Arrays.fill(lengths, 280, 288, 8);
      return lengths;
    }

    private static int[] filled(int size, int value) {
      int[] lengths = new int[size];
      Arrays.fill(lengths, value);
      return lengths;
    }
  }
}
