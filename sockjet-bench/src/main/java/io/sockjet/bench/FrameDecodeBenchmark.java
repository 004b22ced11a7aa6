package io.sockjet.bench;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.frame.FrameEncoder;
import io.sockjet.protocol.frame.FrameParser;
import io.sockjet.protocol.frame.FrameSink;
import io.sockjet.protocol.frame.Opcode;
import java.nio.ByteBuffer;
import java.util.Random;
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
 * Not thread-safe; JMH gives each benchmark thread its own state. Measures {@link FrameParser}
 * decoding client (masked) frames from one read buffer holding many consecutive frames.
 *
 * <p>{@code decodeMasked64KiB} counts one operation per payload byte, so its score is bytes/s;
 * {@code decodeMasked16B} counts one per frame, so its score is frames/s.
 *
 * <p>Restoring the input: the parser unmasks payloads in place, so after one invocation the buffer
 * holds unmasked payloads. No restore is needed, because masking is its own inverse and the parser
 * never looks at payload contents: the next invocation XORs the same bytes with the same keys
 * (re-masking them) and does exactly the same work. Headers are never modified. So every
 * invocation measures decode + unmask and nothing else, with no copying to account for.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameDecodeBenchmark {

  /** Payload of a large frame: a typical maximum fragment / read-buffer-sized message. */
  private static final int LARGE_PAYLOAD = 64 * 1024;
  /** 16 large frames make 1 MiB per invocation: long enough to dwarf JMH's per-call overhead. */
  private static final int LARGE_FRAMES = 16;
  /** Payload of a small frame: a typical chat/game/ticker message. */
  private static final int SMALL_PAYLOAD = 16;
  /** 4096 small frames (88 KiB of wire bytes) per invocation: fits L2, amortises the call. */
  private static final int SMALL_FRAMES = 4096;

  /** Where the read buffer lives: a heap array or native memory (as a transport would read). */
  @Param({"heap", "direct"})
  public String buffer;

  private ByteBuffer large;
  private ByteBuffer small;
  private FrameParser parser;
  private final CountingSink sink = new CountingSink();

  /** Encodes the frames once; each frame has its own key, as a real client's would. */
  @Setup
  public void setUp() {
    Random random = new Random(6455);
    large = frames(LARGE_FRAMES, LARGE_PAYLOAD, random);
    small = frames(SMALL_FRAMES, SMALL_PAYLOAD, random);
    parser = new FrameParser(LARGE_PAYLOAD);
  }

  private ByteBuffer frames(int count, int payloadLength, Random random) {
    int frameLength = FrameEncoder.headerLength(payloadLength, true) + payloadLength;
    ByteBuffer out =
        "direct".equals(buffer)
            ? ByteBuffer.allocateDirect(count * frameLength)
            : ByteBuffer.allocate(count * frameLength);
    byte[] payload = new byte[payloadLength];
    for (int i = 0; i < count; i++) {
      random.nextBytes(payload);
      out.put(
          FrameEncoder.encode(
              true, 0, Opcode.BINARY, ByteBuffer.wrap(payload), true, random.nextInt()));
    }
    return out.flip();
  }

  /** Decode and unmask 16 masked 64 KiB binary frames; score in payload bytes per second. */
  @Benchmark
  @OperationsPerInvocation(LARGE_FRAMES * LARGE_PAYLOAD)
  public long decodeMasked64KiB() throws ProtocolViolation {
    large.clear();
    parser.parse(large, sink);
    return sink.checksum;
  }

  /** Decode and unmask 4096 masked frames of 16 payload bytes; score in frames per second. */
  @Benchmark
  @OperationsPerInvocation(SMALL_FRAMES)
  public long decodeMasked16B() throws ProtocolViolation {
    small.clear();
    parser.parse(small, sink);
    return sink.checksum;
  }

  /**
   * Not thread-safe. Does the least a real sink does: looks at the header and touches each piece,
   * so the JIT cannot discard the work.
   */
  static final class CountingSink implements FrameSink {
    long checksum;

    @Override
    public void frameHeader(boolean fin, int rsv, int opcode, boolean masked, long length) {
      checksum += length + opcode;
    }

    @Override
    public void framePayload(ByteBuffer payload) {
      checksum += payload.get(payload.limit() - 1);
    }

    @Override
    public void frameEnd() {
      checksum++;
    }
  }
}
