package io.sockjet.transport;

/**
 * Immutable: a channel's write watermarks (see {@link Channel#setWriteWatermarks}). Channels set
 * alike share one instance, so a channel pays one field for both, and the pair changes at once.
 */
record WriteWatermarks(int low, int high) {
  static final WriteWatermarks DEFAULT =
      new WriteWatermarks(Channel.DEFAULT_LOW_WATERMARK, Channel.DEFAULT_HIGH_WATERMARK);

  // The last pair asked for: the connections of one server all ask for the same. A racy cache of
  // an immutable value: a lost update costs one more instance, nothing else.
  private static volatile WriteWatermarks last = DEFAULT;

  /** An instance for {@code (low, high)}; the last one made if equal. */
  static WriteWatermarks of(int low, int high) {
    WriteWatermarks w = last;
    if (w.low != low || w.high != high) {
      w = new WriteWatermarks(low, high);
      last = w;
    }
    return w;
  }
}
