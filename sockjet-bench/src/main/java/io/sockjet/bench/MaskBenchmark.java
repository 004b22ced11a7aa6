package io.sockjet.bench;

import io.sockjet.protocol.frame.Masker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Not thread-safe; JMH gives each benchmark thread its own state. Measures {@link Masker#mask}
 * alone over {@code size} bytes; bytes/s = score × size. Masking in place repeatedly is fine: the
 * work does not depend on the contents.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MaskBenchmark {

  /** A small frame, a medium one, and a 64 KiB read-buffer-sized piece. */
  @Param({"16", "1024", "65536"})
  public int size;

  /**
   * Heap or native memory, in the byte order a buffer has by default (big-endian); "mixed" masks
   * direct memory after heap buffers were masked too, as a server's masker sees both kinds (its
   * reads in direct buffers, other payloads in heap ones).
   */
  @Param({"heap", "direct", "heap-le", "mixed"})
  public String buffer;

  private ByteBuffer data;
  private LongBuffer longs; // the view a parser keeps for its read buffer (null for heap)

  /** Allocates the buffer. */
  @Setup
  public void setUp() {
    boolean direct = buffer.startsWith("direct") || buffer.equals("mixed");
    data = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    if (buffer.equals("mixed")) {
      ByteBuffer heap = ByteBuffer.allocate(size);
      for (int i = 0; i < 20_000; i++) {
        Masker.mask(heap, null, 0, size, 0x37fa213d, i);
        Masker.mask(data, Masker.longsOf(data), 0, size, 0x37fa213d, i);
      }
    }
    longs = direct ? Masker.longsOf(data) : null;
    if (buffer.endsWith("-le")) {
      data.order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** Masks the whole buffer, starting mid-key as a piece of a longer payload would. */
  @Benchmark
  public ByteBuffer mask() {
    Masker.mask(data, longs, 0, size, 0x37fa213d, 1);
    return data;
  }
}
