package io.sockjet.bench;

import io.sockjet.protocol.deflate.RawDeflater;
import io.sockjet.protocol.deflate.RawInflater;
import io.sockjet.protocol.deflate.Zlib;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Not thread-safe; JMH gives each benchmark thread its own state. Raw DEFLATE as
 * permessage-deflate uses it: one text message per operation, ended by a sync flush, at zlib's
 * default level with a 15-bit window and memLevel 8, on {@code java.util.zip} and on the system
 * zlib through FFM (Java 22+). Scores are messages per second; MB/s = score × size / 10^6 (of
 * uncompressed bytes, for both directions).
 *
 * <p>Sixteen different JSON-like messages are sent in turn, so context takeover compresses
 * against similar but not identical history. Without takeover the deflater and inflater are
 * reset before every message. The inflate benchmarks replay the same sixteen compressed
 * messages; with takeover that is valid in a cycle, because message 0 was compressed with no
 * history and each later one refers back only as far as the messages before it in the cycle.
 *
 * <pre>
 * java -jar sockjet-bench/target/benchmarks.jar Deflate -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The forked JVM is started with -cp, where the jar's manifest cannot grant native access.
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DeflateBenchmark {
  private static final int MESSAGES = 16;

  /** {@code jdk}: java.util.zip; {@code native}: the FFM binding, which must load. */
  @Param({"jdk", "native"})
  public String zlib;

  /** A chat-sized message and a large one. */
  @Param({"1024", "65536"})
  public int size;

  /** Context takeover (keep the window across messages) or a reset before each. */
  @Param({"true", "false"})
  public boolean takeover;

  /** Heap buffers (copied through native scratch by the binding) or direct ones (in place). */
  @Param({"heap", "direct"})
  public String buffer;

  private ByteBuffer[] messages;
  private ByteBuffer[] compressed;
  private ByteBuffer out;
  private RawDeflater deflater;
  private RawInflater inflater;
  private int next;

  /** Builds the messages, compresses them once for the inflate benchmarks, and checks the bytes. */
  @Setup
  public void setUp() throws DataFormatException {
    Zlib impl = zlib.equals("jdk") ? Zlib.jdk() : Zlib.system();
    if (zlib.equals("native") && !impl.name().endsWith("(native)")) {
      throw new IllegalStateException("the native zlib did not load: " + impl.name());
    }
    deflater = impl.newDeflater(-1, 15, 8);
    inflater = impl.newInflater(15);
    out = allocate(size + size / 8 + 64); // DEFLATE's worst case is +5 bytes per 16 KiB block
    messages = new ByteBuffer[MESSAGES];
    compressed = new ByteBuffer[MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      messages[i] = copyOf(json(size, i));
    }
    for (int i = 0; i < MESSAGES; i++) {
      deflate();
      compressed[i] = copyOf(out.flip());
    }
    // Replay the cycle twice and compare, so a wrong cycle argument fails here, not silently.
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < MESSAGES; i++) {
        inflate();
        if (!out.flip().equals(messages[i])) {
          throw new IllegalStateException("message " + i + " did not round-trip");
        }
      }
    }
  }

  /** Frees the native memory. */
  @TearDown
  public void tearDown() {
    deflater.end();
    inflater.end();
  }

  /** Compresses the next message with a sync flush into {@link #out}. */
  @Benchmark
  public ByteBuffer deflate() {
    ByteBuffer message = messages[next].duplicate();
    next = (next + 1) % MESSAGES;
    if (!takeover) {
      deflater.reset();
    }
    out.clear();
    if (!deflater.deflate(message, out, true)) {
      throw new IllegalStateException("output buffer too small");
    }
    return out;
  }

  /** Decompresses the next compressed message into {@link #out}. */
  @Benchmark
  public ByteBuffer inflate() throws DataFormatException {
    ByteBuffer in = compressed[next].duplicate();
    next = (next + 1) % MESSAGES;
    if (!takeover) {
      inflater.reset();
    }
    out.clear();
    inflater.inflate(in, out);
    if (in.hasRemaining()) {
      throw new IllegalStateException("output buffer too small");
    }
    return out;
  }

  private ByteBuffer allocate(int capacity) {
    return buffer.equals("direct")
        ? ByteBuffer.allocateDirect(capacity)
        : ByteBuffer.allocate(capacity);
  }

  private ByteBuffer copyOf(ByteBuffer src) {
    return allocate(src.remaining()).put(src).flip();
  }

  private ByteBuffer copyOf(byte[] src) {
    return copyOf(ByteBuffer.wrap(src));
  }

  /** {@code size} bytes of JSON-like records, different for each seed. */
  private static byte[] json(int size, long seed) {
    Random random = new Random(seed);
    String[] kinds = {"update", "insert", "delete", "snapshot"};
    StringBuilder sb = new StringBuilder(size + 200);
    while (sb.length() < size) {
      sb.append("{\"id\":").append(random.nextInt(1_000_000))
          .append(",\"type\":\"").append(kinds[random.nextInt(kinds.length)])
          .append("\",\"user\":\"user-").append(random.nextInt(5000))
          .append("\",\"price\":").append(random.nextInt(100_000) / 100.0)
          .append(",\"tags\":[\"t").append(random.nextInt(40)).append("\",\"t")
          .append(random.nextInt(40)).append("\"],\"ok\":").append(random.nextBoolean())
          .append("}\n");
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }
}
