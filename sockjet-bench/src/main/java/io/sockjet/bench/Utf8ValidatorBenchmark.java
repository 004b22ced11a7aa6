package io.sockjet.bench;

import io.sockjet.protocol.text.Utf8Encoder;
import io.sockjet.protocol.text.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each instance is confined to one JMH benchmark thread.
 *
 * <p>Throughput of {@link Utf8Validator} over one 64 KiB text message. One "operation" is one
 * byte, and the unit is operations per nanosecond, so the score reads directly as GB/s (10^9
 * bytes per second). {@code jdkDecode} is a reference point, not a like-for-like rival: it also
 * writes the chars, which a validator need not.
 *
 * <pre>
 * java -jar sockjet-bench/target/benchmarks.jar Utf8 -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Utf8ValidatorBenchmark.SIZE)
public class Utf8ValidatorBenchmark {
  /** 64 KiB: a typical large text message, and small enough to stay in L2 so we measure the code. */
  static final int SIZE = 64 * 1024;

  /**
   * {@code ascii}: JSON-like ASCII only, the fast path. {@code mixed}: English, Greek, CJK and
   * emoji in turn, so 1-, 2-, 3- and 4-byte sequences all occur and the fast path rarely helps.
   */
  @Param({"ascii", "mixed"})
  public String text;

  private byte[] array;
  private ByteBuffer heap;
  private ByteBuffer direct;
  private CharsetDecoder decoder;
  private CharBuffer chars;

  /** Builds exactly {@link #SIZE} bytes of valid UTF-8 from the chosen sample. */
  @Setup
  public void setUp() {
    String sample =
        text.equals("ascii")
            ? "{\"id\":12345,\"type\":\"update\",\"payload\":{\"name\":\"sockjet\",\"ok\":true}} "
            : "Hello, world! \u03ba\u1f79\u03c3\u03bc\u03b5 \u4f60\u597d\u4e16\u754c "
                + "\ud83d\ude00\ud83d\ude80 caf\u00e9 \u00fcber \u65e5\u672c\u8a9e ";
    StringBuilder builder = new StringBuilder();
    while (Utf8Encoder.encodedLength(builder) < SIZE) {
      builder.append(sample);
    }
    // Cut at a code point boundary, then pad with ASCII to exactly SIZE bytes.
    String cut = builder.substring(0, Utf8Encoder.charsFitting(builder, SIZE));
    array = new byte[SIZE];
    Arrays.fill(array, (byte) ' ');
    byte[] encoded = Utf8Encoder.encode(cut);
    System.arraycopy(encoded, 0, array, 0, encoded.length);
    if (!Utf8Validator.isValid(array)) {
      throw new IllegalStateException("benchmark input is not valid UTF-8");
    }
    heap = ByteBuffer.wrap(array);
    direct = ByteBuffer.allocateDirect(SIZE).put(array).flip();
    decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    chars = CharBuffer.allocate(SIZE);
  }

  /** Validates a {@code byte[]}. */
  @Benchmark
  public boolean byteArray() {
    return Utf8Validator.isValid(array);
  }

  /** Validates a heap {@link ByteBuffer}, as a frame payload slice would arrive. */
  @Benchmark
  public boolean heapBuffer() {
    return Utf8Validator.isValid(heap);
  }

  /** Validates a direct {@link ByteBuffer}, as read from a socket. */
  @Benchmark
  public boolean directBuffer() {
    return Utf8Validator.isValid(direct);
  }

  /** Reference: the JDK decoding the same bytes to chars, reporting malformed input. */
  @Benchmark
  public boolean jdkDecode() {
    decoder.reset();
    chars.clear();
    CoderResult result = decoder.decode(heap.duplicate(), chars, true);
    return !result.isError();
  }
}
