package io.sockjet.bench;

import io.sockjet.protocol.frame.Masker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  /** Heap or native memory, in the byte order a buffer has by default (big-endian). */
  @Param({"heap", "direct", "heap-le"})
  public String buffer;

  private ByteBuffer data;

  /** Allocates the buffer. */
  @Setup
  public void setUp() {
    data = buffer.startsWith("direct") ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    if (buffer.endsWith("-le")) {
      data.order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** Masks the whole buffer, starting mid-key as a piece of a longer payload would. */
  @Benchmark
  public ByteBuffer mask() {
    Masker.mask(data, 0, size, 0x37fa213d, 1);
    return data;
  }
}
