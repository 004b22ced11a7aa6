package io.sockjet;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.DeflateConfig;

/**
 * Immutable. How a server or client uses permessage-deflate (RFC 7692): which memory mode, which
 * windows, how hard to compress, and, on a server, how much memory compression may take in all.
 *
 * <p>The memory modes, from most memory and best ratio to least:
 *
 * <ul>
 *   <li>{@link #dedicated()}: both sides keep their LZ77 window from message to message (context
 *       takeover), so repeated content compresses best. Each connection owns a compressor and a
 *       decompressor, made on its first compressed message (idle connections hold none).
 *   <li>{@link #sharedCompressor()}, the server default: the server forgets its window after
 *       each message, so the compressors of its sending side are shared per event loop; each
 *       connection still owns a decompressor once the client has sent a compressed message.
 *   <li>{@link #shared()}: neither side keeps a window; compressors and decompressors are shared
 *       per event loop and a connection holds none between messages. A broadcast to such
 *       connections is compressed once.
 * </ul>
 *
 * <p>Windows below 15 bits and memory levels below 8 shrink each compressor (zlib's formula:
 * {@code 2^(windowBits+2) + 2^(memLevel+9)} bytes); they need the system zlib, which Sockjet
 * calls on Java 22 and later. Where only {@code java.util.zip} is available, every window is
 * still agreed to, and one below 15 bits is honoured by compressing with Huffman codes only:
 * the same memory, a smaller ratio.
 *
 * <pre>{@code
 * WebSocketServer.builder()
 *     .compression(Compression.sharedCompressor().toBuilder()
 *         .memoryBudget(512L << 20)   // past 512 MiB, new connections go uncompressed
 *         .build())
 * }</pre>
 */
public final class Compression {
  private final boolean contextTakeover;
  private final boolean peerContextTakeover;
  private final int windowBits;
  private final int peerWindowBits;
  private final int level;
  private final int memLevel;
  private final int threshold;
  private final long memoryBudget;

  private Compression(Builder b) {
    this.contextTakeover = b.contextTakeover;
    this.peerContextTakeover = b.peerContextTakeover;
    this.windowBits = b.windowBits;
    this.peerWindowBits = b.peerWindowBits;
    this.level = b.level;
    this.memLevel = b.memLevel;
    this.threshold = b.threshold;
    this.memoryBudget = b.memoryBudget;
    config(Role.SERVER); // validates every value once, with the protocol layer's messages
  }

  /** Context takeover both ways: best ratio, a compressor and decompressor per busy connection. */
  public static Compression dedicated() {
    return builder().build();
  }

  /** The server forgets its window after each message; its compressors are shared per loop. */
  public static Compression sharedCompressor() {
    return builder().contextTakeover(false).build();
  }

  /** No context takeover either way: nothing held per connection between messages. */
  public static Compression shared() {
    return builder().contextTakeover(false).peerContextTakeover(false).build();
  }

  /** A builder starting from {@link #dedicated()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder().contextTakeover(contextTakeover).peerContextTakeover(peerContextTakeover)
        .windowBits(windowBits).peerWindowBits(peerWindowBits).level(level).memLevel(memLevel)
        .threshold(threshold).memoryBudget(memoryBudget);
  }

  /** Whether this side keeps its window from message to message. */
  public boolean contextTakeover() {
    return contextTakeover;
  }

  /** Whether the peer may keep its window (false asks it not to). */
  public boolean peerContextTakeover() {
    return peerContextTakeover;
  }

  /** The largest window this side compresses with, 8 to 15 bits. */
  public int windowBits() {
    return windowBits;
  }

  /** The largest window asked of the peer, 8 to 15 bits. */
  public int peerWindowBits() {
    return peerWindowBits;
  }

  /** The compression level, 0 to 9 (or -1 for zlib's default). */
  public int level() {
    return level;
  }

  /** zlib's memory level, 1 to 9. */
  public int memLevel() {
    return memLevel;
  }

  /** Messages shorter than this many bytes are sent uncompressed. */
  public int threshold() {
    return threshold;
  }

  /** The server's cap on the memory of all connections' own compression contexts, in bytes. */
  public long memoryBudget() {
    return memoryBudget;
  }

  /** These settings as the protocol layer's configuration for {@code role}. */
  DeflateConfig config(Role role) {
    boolean server = role == Role.SERVER;
    return DeflateConfig.builder()
        // The RFC names parameters after the side whose compressor they govern.
        .serverNoContextTakeover(server ? !contextTakeover : !peerContextTakeover)
        .clientNoContextTakeover(server ? !peerContextTakeover : !contextTakeover)
        .serverMaxWindowBits(server ? windowBits : peerWindowBits)
        .clientMaxWindowBits(server ? peerWindowBits : windowBits)
        .offerClientMaxWindowBits(true)
        .fallbackOffer(true)
        .compressionLevel(level)
        .memLevel(memLevel)
        .compressionThreshold(threshold)
        .build();
  }

  @Override
  public String toString() {
    return "Compression[contextTakeover=" + contextTakeover + ", peerContextTakeover="
        + peerContextTakeover + ", windowBits=" + windowBits + ", peerWindowBits=" + peerWindowBits
        + ", level=" + level + ", memLevel=" + memLevel + ", threshold=" + threshold
        + ", memoryBudget=" + memoryBudget + "]";
  }

  /** Not thread-safe. Builds a {@link Compression}. */
  public static final class Builder {
    private boolean contextTakeover = true;
    private boolean peerContextTakeover = true;
    private int windowBits = 15;
    private int peerWindowBits = 15;
    private int level = DeflateConfig.DEFAULT_COMPRESSION_LEVEL;
    private int memLevel = DeflateConfig.DEFAULT_MEM_LEVEL;
    private int threshold = DeflateConfig.DEFAULT_COMPRESSION_THRESHOLD;
    private long memoryBudget = Long.MAX_VALUE;

    private Builder() {}

    /** Whether this side keeps its window between messages (default true). */
    public Builder contextTakeover(boolean on) {
      this.contextTakeover = on;
      return this;
    }

    /** Whether the peer may keep its window between messages (default true; false asks it not to). */
    public Builder peerContextTakeover(boolean on) {
      this.peerContextTakeover = on;
      return this;
    }

    /** The largest window this side compresses with, 8 to 15 bits (default 15). */
    public Builder windowBits(int bits) {
      this.windowBits = bits;
      return this;
    }

    /**
     * The largest window asked of the peer, 8 to 15 bits (default 15): a server asks only a
     * client that offered {@code client_max_window_bits}; a client asks with {@code
     * server_max_window_bits}, and falls back to a plain offer for servers that cannot.
     */
    public Builder peerWindowBits(int bits) {
      this.peerWindowBits = bits;
      return this;
    }

    /** Compression level, 0 to 9 (default 6, zlib's). */
    public Builder level(int level) {
      this.level = level;
      return this;
    }

    /** zlib's memory level, 1 to 9 (default 8); honoured by the system zlib only. */
    public Builder memLevel(int memLevel) {
      this.memLevel = memLevel;
      return this;
    }

    /** Messages shorter than this many bytes are sent uncompressed (default 1024; 0 for all). */
    public Builder threshold(int bytes) {
      this.threshold = bytes;
      return this;
    }

    /**
     * A server's cap on the native memory of the compression contexts connections own (default:
     * none). A connection whose contexts would pass it is served without compression.
     */
    public Builder memoryBudget(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("memory budget must not be negative: " + bytes);
      }
      this.memoryBudget = bytes;
      return this;
    }

    /** The settings. */
    public Compression build() {
      return new Compression(this);
    }
  }
}
