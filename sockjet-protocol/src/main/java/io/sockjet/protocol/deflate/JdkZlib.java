package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** {@link Zlib} over {@code java.util.zip}: every JDK has it; compression uses 15-bit windows. */
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

  private JdkZlib() {}

  @Override
  public String name() {
    return "java.util.zip";
  }

  @Override
  public boolean canDeflateWithWindow(int windowBits) {
    return windowBits == 15;
  }

  @Override
  public boolean honoursMemLevel() {
    return false;
  }

  @Override
  public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
    DeflateArguments.checkDeflater(level, windowBits, memLevel);
    if (!canDeflateWithWindow(windowBits)) {
      throw new IllegalArgumentException(
          "java.util.zip compresses with a 15-bit window only, not " + windowBits);
    }
    return new JdkDeflater(new Deflater(level, true));
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
