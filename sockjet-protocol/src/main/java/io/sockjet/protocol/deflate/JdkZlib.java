package io.sockjet.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** {@link Zlib} over {@code java.util.zip}: every JDK has it; compression uses 15-bit windows. */
final class JdkZlib implements Zlib {
  static final JdkZlib INSTANCE = new JdkZlib();

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
    if (!canDeflateWithWindow(windowBits)) {
      throw new IllegalArgumentException(
          "java.util.zip compresses with a 15-bit window only, not " + windowBits);
    }
    return new JdkDeflater(new Deflater(level, true));
  }

  @Override
  public RawInflater newInflater(int windowBits) {
    if (windowBits < 8 || windowBits > 15) {
      throw new IllegalArgumentException("window bits must be 8 to 15: " + windowBits);
    }
    // A 32 KiB window reads streams made with any smaller one.
    return new JdkInflater(new Inflater(true));
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class JdkDeflater implements RawDeflater {
    private final Deflater deflater;

    JdkDeflater(Deflater deflater) {
      this.deflater = deflater;
    }

    @Override
    public boolean deflate(ByteBuffer in, ByteBuffer out, boolean syncFlush) {
      deflater.setInput(in); // the Deflater moves in's position as it consumes it
      int flush = syncFlush ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
      while (out.hasRemaining()) {
        int room = out.remaining();
        int n = deflater.deflate(out, flush);
        // zlib's rule: a flush is complete when it returns with room to spare; without a flush
        // the work is done once the input is consumed.
        if (n < room && (syncFlush || !in.hasRemaining())) {
          return !in.hasRemaining();
        }
        if (n == 0 && !syncFlush && !in.hasRemaining()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void reset() {
      deflater.reset();
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
