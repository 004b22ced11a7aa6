package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@link Zlib} over {@code java.util.zip}: every JDK has it. Its {@code Deflater} has no window
 * setting and always searches 32 KiB back, so a window below 15 bits is honoured by compressing
 * with Huffman codes only ({@link Deflater#HUFFMAN_ONLY}): literals and no back references at
 * all, which any window reads, at the price of ratio (text shrinks to about 60% of its size
 * rather than 10-40%). This is the rule {@code FfmZlib} applies to the 8-bit window zlib refuses
 * for raw streams.
 */
final class JdkZlib implements Zlib {
  static final JdkZlib INSTANCE = new JdkZlib();

  /**
   * The least room a deflate call gets. zlib ends a sync flush with a 5-byte empty stored block
   * and, when a call fills the room exactly, emits another one on the next call (zlib.h: "make
   * sure that avail_out is greater than six to avoid repeated flush markers"); with 5 bytes or
   * less a flush never completes. Smaller {@code out} buffers are served through a spill buffer.
   */
  static final int MIN_DEFLATE_ROOM = 8;

  /** The spill buffer's size: above {@link #MIN_DEFLATE_ROOM}, small enough to hold per instance. */
  private static final int SPILL_BYTES = 64;

  private static final byte[] NO_BYTES = new byte[0];

  private JdkZlib() {}

  @Override
  public String name() {
    return "java.util.zip";
  }

  @Override
  public boolean canDeflateWithWindow(int windowBits) {
    return windowBits >= DeflateParameters.MIN_WINDOW_BITS && windowBits <= DeflateParameters.MAX_WINDOW_BITS;
  }

  @Override
  public boolean honoursMemLevel() {
    return false;
  }

  @Override
  public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
    DeflateArguments.checkDeflater(level, windowBits, memLevel);
    Deflater deflater = new Deflater(level, true);
    if (windowBits < DeflateParameters.MAX_WINDOW_BITS) {
      deflater.setStrategy(Deflater.HUFFMAN_ONLY);
      // A Deflater applies a new strategy lazily, in a call of its own that consumes and produces
      // nothing. Made here, on the fresh stream, it cannot pass for a completed flush later (an
      // empty message would lose its 00 00 ff ff). zlib keeps the strategy through reset().
      deflater.deflate(NO_BYTES, 0, 0, Deflater.NO_FLUSH);
    }
    return new JdkDeflater(deflater);
  }

  @Override
  public RawInflater newInflater(int windowBits) {
    DeflateArguments.checkWindow(windowBits);
    // A 32 KiB window reads streams made with any smaller one.
    return new JdkInflater(new Inflater(true));
  }

  @Override
  public String toString() {
    return name();
  }

  /** Moves as many bytes as fit from {@code src} to {@code dst}. */
  private static void transfer(ByteBuffer src, ByteBuffer dst) {
    int n = Math.min(src.remaining(), dst.remaining());
    int limit = src.limit();
    dst.put(src.limit(src.position() + n));
    src.limit(limit);
  }

  private static final class JdkDeflater implements RawDeflater {
    private final Deflater deflater;
    /**
     * Output written to spare room because {@code out} had less than {@link
     * #MIN_DEFLATE_ROOM}, kept in read mode (position..limit = not yet delivered) and delivered
     * before anything else on the next call.
     */
    private final ByteBuffer spill = ByteBuffer.allocate(SPILL_BYTES).flip();
    /** Whether the last call into zlib completed a sync flush; any later call clears it. */
    private boolean flushed;

    JdkDeflater(Deflater deflater) {
      this.deflater = deflater;
    }

    @Override
    public boolean deflate(ByteBuffer in, ByteBuffer out, boolean syncFlush) {
      deflater.setInput(in); // the Deflater moves in's position as it consumes it
      int flush = syncFlush ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
      while (true) {
        if (spill.hasRemaining()) {
          transfer(spill, out);
          if (spill.hasRemaining()) {
            return false;
          }
        }
        if (!in.hasRemaining() && (!syncFlush || flushed)) {
          return true; // without a flush, output zlib still holds comes out with a later call
        }
        if (!out.hasRemaining()) {
          return false;
        }
        ByteBuffer target = out.remaining() >= MIN_DEFLATE_ROOM ? out : spill.clear();
        int room = target.remaining();
        int n = deflater.deflate(target, flush);
        if (target == spill) {
          spill.flip();
        }
        // zlib's rule: a flush is complete when it returns with room to spare. A repeated flush
        // with nothing new returns 0 (Z_BUF_ERROR inside), which counts as complete too.
        flushed = syncFlush && n < room;
      }
    }

    @Override
    public void reset() {
      deflater.reset();
      spill.clear().flip(); // output not yet delivered belonged to the abandoned stream
      flushed = false;
    }

    @Override
    public void end() {
      deflater.end();
    }
  }

  private static final class JdkInflater implements RawInflater {
    private final Inflater inflater;

    JdkInflater(Inflater inflater) {
      this.inflater = inflater;
    }

    @Override
    public int inflate(ByteBuffer in, ByteBuffer out) throws DataFormatException {
      inflater.setInput(in);
      int total = 0;
      while (out.hasRemaining() && !inflater.finished()) {
        int n = inflater.inflate(out);
        total += n;
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
      }
      return total;
    }

    @Override
    public boolean finished() {
      return inflater.finished();
    }

    @Override
    public void reset() {
      inflater.reset();
    }

    @Override
    public void end() {
      inflater.end();
    }
  }
}
