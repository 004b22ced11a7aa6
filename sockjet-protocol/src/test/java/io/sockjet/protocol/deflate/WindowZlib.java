package io.sockjet.protocol.deflate;

/**
 * Immutable. A {@link Zlib} stand-in for negotiation tests: it answers only {@link
 * #canDeflateWithWindow}, true from {@code minWindowBits} to {@code maxWindowBits}, and makes no
 * compressors.
 *
 * @param name what {@link #name()} reports, which negotiation failures quote
 * @param minWindowBits the smallest window it claims to honour
 * @param maxWindowBits the largest window it claims to honour
 */
record WindowZlib(String name, int minWindowBits, int maxWindowBits) implements Zlib {
  /** Honours every window RFC 7692 allows, 8 to 15. */
  static final WindowZlib CAPABLE = new WindowZlib("capable", 8, 15);

  /** Honours 9 to 15, as the system zlib does: deflateInit2 refuses a raw stream with 8 bits. */
  static final WindowZlib SYSTEM_LIKE = new WindowZlib("zlib-9-15", 9, 15);

  @Override
  public boolean canDeflateWithWindow(int windowBits) {
    return windowBits >= minWindowBits && windowBits <= maxWindowBits;
  }

  @Override
  public boolean honoursMemLevel() {
    return true;
  }

  @Override
  public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
    throw new UnsupportedOperationException("negotiation tests make no compressor");
  }

  @Override
  public RawInflater newInflater(int windowBits) {
    throw new UnsupportedOperationException("negotiation tests make no decompressor");
  }
}
