package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Encode then parse is the identity on frames, whichever encoder wrote them and wherever the
 * network split the bytes.
 */
class FrameRoundTripProperties {

  /**
   * One frame to send and how to encode it: with {@code resumable} false the static encoder,
   * otherwise the resumable one into destinations of random sizes.
   */
  record Spec(boolean fin, int rsv, int opcode, boolean masked, int maskKey, byte[] payload, boolean resumable) {}

  @Test
  void framesSurviveEncodingAndParsingUnderRandomSplits() {
    Property.forAll(0xF4A3_0001L, 150, gen -> {
      List<Spec> specs = gen.listOf(1, 6, FrameRoundTripProperties::spec);
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      List<RecordedFrame> expected = new ArrayList<>();
      FrameEncoder encoder = new FrameEncoder();
      for (Spec spec : specs) {
        byte[] payload = spec.payload();
        expected.add(RecordedFrame.of(spec.fin(), spec.rsv(), spec.opcode(), spec.masked(), payload));
        ByteBuffer source = ByteBuffer.wrap(payload.clone());
        if (!spec.resumable()) {
          ByteBuffer frame =
              FrameEncoder.encode(
                  spec.fin(), spec.rsv(), spec.opcode(), source, spec.masked(), spec.maskKey());
          wire.write(frame.array(), 0, frame.limit());
        } else {
          encoder.begin(spec.fin(), spec.rsv(), spec.opcode(), source, spec.masked(), spec.maskKey());
          boolean done;
          do {
            ByteBuffer dst = ByteBuffer.allocate(gen.intBetween(0, 64));
            done = encoder.encode(dst);
            wire.write(dst.array(), 0, dst.position());
          } while (!done);
        }
        assertThat(source.array()).as("source payload untouched").isEqualTo(payload);
      }

      byte[] bytes = wire.toByteArray();
      FrameParser parser = new FrameParser(Long.MAX_VALUE);
      RecordingFrameSink sink = new RecordingFrameSink();
      int at = 0;
      while (at < bytes.length) {
        // Mostly small reads, which cut headers and masks at every offset; some large ones.
        int n = gen.intBetween(0, 3) == 0 ? gen.intBetween(0, 19_999) : gen.intBetween(0, 15);
        int end = Math.min(bytes.length, at + n);
        parser.parse(ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, end)), sink);
        at = end;
      }
      assertThat(parser.isAtFrameBoundary()).isTrue();
      assertThat(sink.frames()).isEqualTo(expected);
    });
  }

  private static Spec spec(Gen gen) {
    // Mostly short payloads, often right at a length-field boundary, sometimes up to 70 000 bytes.
    int length =
        switch (gen.weighted(6, 3, 2, 1)) {
          case 0 -> gen.intBetween(0, 130);
          case 1 -> gen.pickInt(125, 126, 127, 65535, 65536, 65537);
          case 2 -> gen.intBetween(0, 2000);
          default -> gen.intBetween(0, 70_000);
        };
    return new Spec(
        gen.bool(),
        gen.intBetween(0, 7),
        gen.intBetween(0, 15),
        gen.bool(),
        gen.anyInt(),
        gen.bytesOfLength(length),
        gen.bool());
  }
}
