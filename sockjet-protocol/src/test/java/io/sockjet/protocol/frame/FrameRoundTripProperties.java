package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.ProtocolViolation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Encode then parse is the identity on frames, whichever encoder wrote them and wherever the
 * network split the bytes.
 */
class FrameRoundTripProperties {

  /**
   * One frame to send and how to encode it: {@code dstSeed == 0} uses the static encoder, any other
   * value the resumable one with destination sizes drawn from it. The payload is generated from
   * its seed rather than by jqwik, which would be slow for 70 000 bytes.
   */
  record Spec(
      boolean fin,
      int rsv,
      int opcode,
      boolean masked,
      int maskKey,
      int length,
      long payloadSeed,
      long dstSeed) {

    byte[] payload() {
      byte[] out = new byte[length];
      new Random(payloadSeed).nextBytes(out);
      return out;
    }
  }

  @Property(tries = 150)
  void framesSurviveEncodingAndParsingUnderRandomSplits(
      @ForAll("frames") List<Spec> specs, @ForAll long splitSeed) throws ProtocolViolation {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<RecordedFrame> expected = new ArrayList<>();
    FrameEncoder encoder = new FrameEncoder();
    for (Spec spec : specs) {
      byte[] payload = spec.payload();
      expected.add(RecordedFrame.of(spec.fin(), spec.rsv(), spec.opcode(), spec.masked(), payload));
      ByteBuffer source = ByteBuffer.wrap(payload.clone());
      if (spec.dstSeed() == 0) {
        ByteBuffer frame =
            FrameEncoder.encode(
                spec.fin(), spec.rsv(), spec.opcode(), source, spec.masked(), spec.maskKey());
        wire.write(frame.array(), 0, frame.limit());
      } else {
        encoder.begin(spec.fin(), spec.rsv(), spec.opcode(), source, spec.masked(), spec.maskKey());
        Random sizes = new Random(spec.dstSeed());
        boolean done;
        do {
          ByteBuffer dst = ByteBuffer.allocate(sizes.nextInt(65));
          done = encoder.encode(dst);
          wire.write(dst.array(), 0, dst.position());
        } while (!done);
      }
      assertThat(source.array()).as("source payload untouched").isEqualTo(payload);
    }

    byte[] bytes = wire.toByteArray();
    FrameParser parser = new FrameParser(Long.MAX_VALUE);
    RecordingFrameSink sink = new RecordingFrameSink();
    Random splits = new Random(splitSeed);
    int at = 0;
    while (at < bytes.length) {
      // Mostly small reads, which cut headers and masks at every offset; some large ones.
      int n = splits.nextInt(4) == 0 ? splits.nextInt(20_000) : splits.nextInt(16);
      int end = Math.min(bytes.length, at + n);
      parser.parse(ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, end)), sink);
      at = end;
    }
    assertThat(parser.isAtFrameBoundary()).isTrue();
    assertThat(sink.frames()).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<Spec>> frames() {
    Arbitrary<Integer> lengths =
        Arbitraries.frequencyOf(
            List.of(
                Tuple.of(6, Arbitraries.integers().between(0, 130)),
                Tuple.of(3, Arbitraries.of(125, 126, 127, 65535, 65536, 65537)),
                Tuple.of(2, Arbitraries.integers().between(0, 2000)),
                Tuple.of(1, Arbitraries.integers().between(0, 70_000))));
    Arbitrary<Long> dstSeeds =
        Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().filter(s -> s != 0));
    Arbitrary<Spec> spec =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 15),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                lengths,
                Arbitraries.longs(),
                dstSeeds)
            .as(Spec::new);
    return spec.list().ofMinSize(1).ofMaxSize(6);
  }
}
