package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzzes {@link HeadParser} for both kinds of head. Properties: only {@link HttpParseException}
 * escapes; the line buffer never exceeds the limit; splitting the input in two or feeding it
 * byte by byte changes nothing (same head, same trailing bytes, or same status).
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds in
 * {@code src/test/resources/io/sockjet/protocol/http/HeadParserFuzzTestInputs/}.
 */
class HeadParserFuzzTest {
  /** Small limits so the fuzzer reaches the 431 paths without building 8 KiB inputs. */
  private static final HeadLimits LIMITS = new HeadLimits(1024, 16);

  @FuzzTest(maxDuration = "10m")
  void parseRequest(byte[] input) {
    checkSplitsAgree(input, true);
  }

  @FuzzTest(maxDuration = "10m")
  void parseResponse(byte[] input) {
    checkSplitsAgree(input, false);
  }

  private static void checkSplitsAgree(byte[] input, boolean request) {
    // The split point is derived from the data so that the fuzzer explores it with the input.
    int split = Math.floorMod(Arrays.hashCode(input), input.length + 1);
    String whole = outcome(input, request, new int[] {input.length});
    assertThat(outcome(input, request, new int[] {split, input.length - split})).isEqualTo(whole);
    if (input.length <= 2 * LIMITS.maxHeadBytes()) {
      int[] ones = new int[input.length];
      Arrays.fill(ones, 1);
      assertThat(outcome(input, request, ones)).isEqualTo(whole);
    }
  }

  /** Feeds chunks of the given sizes; describes the head and the trailing bytes, or the failure. */
  private static String outcome(byte[] input, boolean request, int[] chunkSizes) {
    HeadParser<?> parser = request ? HeadParser.request(LIMITS) : HeadParser.response(LIMITS);
    int at = 0;
    try {
      for (int size : chunkSizes) {
        ByteBuffer chunk = ByteBuffer.wrap(input, at, size);
        Object head = parser.parse(chunk);
        assertThat(parser.bufferCapacity()).isLessThanOrEqualTo(LIMITS.maxHeadBytes());
        if (head != null) {
          return head + " trailing " + Arrays.toString(Arrays.copyOfRange(input, chunk.position(), input.length));
        }
        assertThat(chunk.hasRemaining()).isFalse();
        at += size;
      }
      return "incomplete";
    } catch (HttpParseException e) {
      assertThat(e.status()).isIn(400, 431, 505);
      return "status " + e.status();
    }
  }
}
