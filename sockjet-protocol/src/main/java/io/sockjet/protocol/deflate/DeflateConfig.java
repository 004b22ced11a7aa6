package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.DeflateParameters.MAX_WINDOW_BITS;

/**
 * Immutable. What this side wants from permessage-deflate (RFC 7692): the parameters it asks for
 * in the handshake, and the compressor settings its codec uses once agreed. The same fields serve
 * both roles; each component says what it means for a server and for a client.
 *
 * <p>Windows set here are this side's wishes, bounded by what its {@link Zlib} can do: where a
 * zlib cannot compress with a window as small as wished the smallest window it can is used
 * instead, as long as the peer allows it. A window the peer asks for is a limit, never relaxed
 * (see {@link DeflateNegotiation}). Both built-in zlibs honour every window, but a window below
 * 15 bits saves memory only with the system zlib: {@code java.util.zip} keeps its full window and
 * honours a smaller one by compressing with Huffman codes only, which costs ratio.
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>Negotiated parameters: {@link #builder()} starts from the RFC's defaults (context takeover,
 *       15-bit windows), so a client offers what Chromium offers, {@code permessage-deflate;
 *       client_max_window_bits}. {@link #serverDefaults()} adds {@code server_no_context_takeover}:
 *       a compressor that keeps its window between messages holds about 262 KiB of native memory
 *       per connection at 15 bits and memLevel 8 ({@link Zlib#deflaterBytes}), about 2.7 GB for ten
 *       thousand connections, while one without context takeover can be shared between the
 *       connections of an event loop. Messages below the threshold, where takeover helps the ratio
 *       most, are not compressed anyway.
 *   <li>{@link #DEFAULT_COMPRESSION_LEVEL} 6: zlib's own default, used by Node ws, python
 *       websockets and {@code java.util.zip.Deflater}, so our output is what peers and users expect;
 *       levels above 6 cost much more time for little gain, lower ones trade ratio for speed.
 *   <li>{@link #DEFAULT_MEM_LEVEL} 8: zlib's default ({@code DEF_MEM_LEVEL}); ignored by a zlib
 *       that does not {@linkplain Zlib#honoursMemLevel() honour} it.
 *   <li>{@link #DEFAULT_COMPRESSION_THRESHOLD} 1024 bytes: what Node ws ({@code threshold}) and
 *       OkHttp ({@code minWebSocketMessageToCompress}) use. Every compressed message pays a fixed
 *       price (a compressor pass, a flush, block headers), so below about a kilobyte the saving
 *       is a few hundred bytes at best and a tiny message can even grow.
 * </ul>
 *
 * @param serverNoContextTakeover server: answer {@code server_no_context_takeover} even when not
 *     offered (RFC 7692 §7.1.1.1 allows it), so the server forgets its window after every message;
 *     client: request it in the offer
 * @param clientNoContextTakeover server: answer {@code client_no_context_takeover} even when not
 *     offered (RFC 7692 §7.1.1.2 allows it); client: offer it, a promise to forget the window
 *     after every message whatever the server answers
 * @param serverMaxWindowBits server: the largest window it compresses with, answered as
 *     {@code server_max_window_bits} when below 15 even if not offered; client: offered as
 *     {@code server_max_window_bits} when below 15, asking the server to stay within it
 * @param clientMaxWindowBits server: the largest window it lets the client use, answered only
 *     when the client offered {@code client_max_window_bits} (RFC 7692 §7.1.2.2); client: the
 *     largest window it compresses with, attached as the value of {@code client_max_window_bits}
 *     when below 15
 * @param offerClientMaxWindowBits client only: offer {@code client_max_window_bits}, which lets
 *     the server choose the client's window; left out when the zlib cannot compress with every
 *     window the server could choose
 * @param fallbackOffer client only: when the first offer requests {@code
 *     server_no_context_takeover} or {@code server_max_window_bits}, follow it with an offer
 *     without them, so a server that cannot honour the requests still compresses (RFC 7692 §5:
 *     offers are in preference order)
 * @param compressionLevel 0 (store) to 9 (smallest output)
 * @param memLevel 1 to 9: zlib's memory for the compressor's internal state, {@code
 *     2^(memLevel+9)} bytes
 * @param compressionThreshold messages with fewer payload bytes than this are sent uncompressed;
 *     0 compresses every message
 */
public record DeflateConfig(
    boolean serverNoContextTakeover,
    boolean clientNoContextTakeover,
    int serverMaxWindowBits,
    int clientMaxWindowBits,
    boolean offerClientMaxWindowBits,
    boolean fallbackOffer,
    int compressionLevel,
    int memLevel,
    int compressionThreshold) {

  /** zlib's default level. */
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;
  /** zlib's default memory level. */
  public static final int DEFAULT_MEM_LEVEL = 8;
  /** 1 KiB, as Node ws and OkHttp. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

  /**
   * @throws IllegalArgumentException if a value is out of range, saying which and its range
   */
  public DeflateConfig {
    DeflateParameters.checkWindowBits("serverMaxWindowBits", serverMaxWindowBits);
    DeflateParameters.checkWindowBits("clientMaxWindowBits", clientMaxWindowBits);
    checkLevel(compressionLevel);
    checkMemLevel(memLevel);
    checkThreshold(compressionThreshold);
  }

  /** A builder holding the RFC's defaults and the codec defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults for a server: {@link #builder()}'s plus {@code server_no_context_takeover},
   * which bounds the memory the server holds per connection (see the class comment).
   */
  public static DeflateConfig serverDefaults() {
    return builder().serverNoContextTakeover(true).build();
  }

  /** The defaults for a client: {@link #builder()}'s, giving Chromium's offer. */
  public static DeflateConfig clientDefaults() {
    return builder().build();
  }

  /** A builder holding this configuration, to change part of it. */
  public Builder toBuilder() {
    return new Builder()
        .serverNoContextTakeover(serverNoContextTakeover)
        .clientNoContextTakeover(clientNoContextTakeover)
        .serverMaxWindowBits(serverMaxWindowBits)
        .clientMaxWindowBits(clientMaxWindowBits)
        .offerClientMaxWindowBits(offerClientMaxWindowBits)
        .fallbackOffer(fallbackOffer)
        .compressionLevel(compressionLevel)
        .memLevel(memLevel)
        .compressionThreshold(compressionThreshold);
  }

  private static int checkLevel(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("compressionLevel must be 0 (store) to 9 (smallest), got " + level);
    }
    return level;
  }

  private static int checkMemLevel(int memLevel) {
    if (memLevel < 1 || memLevel > 9) {
      throw new IllegalArgumentException("memLevel must be 1 to 9, got " + memLevel);
    }
    return memLevel;
  }

  private static int checkThreshold(int threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException(
          "compressionThreshold must be 0 (compress every message) or more bytes, got " + threshold);
    }
    return threshold;
  }

  /**
   * Not thread-safe. Collects a {@link DeflateConfig}; every setter checks its range at once and
   * throws {@link IllegalArgumentException} naming the field.
   */
  public static final class Builder {
    private boolean serverNoContextTakeover;
    private boolean clientNoContextTakeover;
    private int serverMaxWindowBits = MAX_WINDOW_BITS;
    private int clientMaxWindowBits = MAX_WINDOW_BITS;
    private boolean offerClientMaxWindowBits = true;
    private boolean fallbackOffer = true;
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
    private int memLevel = DEFAULT_MEM_LEVEL;
    private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;

    private Builder() {}

    /** See {@link DeflateConfig#serverNoContextTakeover()}; default false. */
    public Builder serverNoContextTakeover(boolean value) {
      this.serverNoContextTakeover = value;
      return this;
    }

    /** See {@link DeflateConfig#clientNoContextTakeover()}; default false. */
    public Builder clientNoContextTakeover(boolean value) {
      this.clientNoContextTakeover = value;
      return this;
    }

    /** See {@link DeflateConfig#serverMaxWindowBits()}; 8 to 15, default 15. */
    public Builder serverMaxWindowBits(int bits) {
      this.serverMaxWindowBits = DeflateParameters.checkWindowBits("serverMaxWindowBits", bits);
      return this;
    }

    /** See {@link DeflateConfig#clientMaxWindowBits()}; 8 to 15, default 15. */
    public Builder clientMaxWindowBits(int bits) {
      this.clientMaxWindowBits = DeflateParameters.checkWindowBits("clientMaxWindowBits", bits);
      return this;
    }

    /** See {@link DeflateConfig#offerClientMaxWindowBits()}; default true. */
    public Builder offerClientMaxWindowBits(boolean value) {
      this.offerClientMaxWindowBits = value;
      return this;
    }

    /** See {@link DeflateConfig#fallbackOffer()}; default true. */
    public Builder fallbackOffer(boolean value) {
      this.fallbackOffer = value;
      return this;
    }

    /** See {@link DeflateConfig#compressionLevel()}; 0 to 9, default 6. */
    public Builder compressionLevel(int level) {
      this.compressionLevel = checkLevel(level);
      return this;
    }

    /** See {@link DeflateConfig#memLevel()}; 1 to 9, default 8. */
    public Builder memLevel(int memLevel) {
      this.memLevel = checkMemLevel(memLevel);
      return this;
    }

    /** See {@link DeflateConfig#compressionThreshold()}; 0 or more bytes, default 1024. */
    public Builder compressionThreshold(int bytes) {
      this.compressionThreshold = checkThreshold(bytes);
      return this;
    }

    /** The configuration. */
    public DeflateConfig build() {
      return new DeflateConfig(
          serverNoContextTakeover,
          clientNoContextTakeover,
          serverMaxWindowBits,
          clientMaxWindowBits,
          offerClientMaxWindowBits,
          fallbackOffer,
          compressionLevel,
          memLevel,
          compressionThreshold);
    }
  }
}
