package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Property;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What a writer produces, the parser reads back unchanged, wherever the input is split. */
class HeadRoundTripProperties {
  private static final String TOKEN_CHARS = "abcXYZ019!#$%&'*+-.^_`|~";
  /** Visible ASCII, space, tab and obs-text (RFC 9110 §5.5). */
  private static final String VALUE_CHARS =
      Gen.charRange(' ', '~') + "\t" + Gen.charRange('\u0080', '\u00ff');

  @Test
  void writtenRequestParsesBackToTheSameHead() {
    Property.forAll(0x4EAD_0001L, 300, gen -> {
      String method = token(gen);
      String target = gen.stringBetween(1, 40, '!', '~');
      HttpHeaders headers = headers(gen);
      // Always below the head's length: the request line alone is longer than 12 bytes.
      int split = gen.intBetween(0, 12);
      byte[] bytes = HttpRequestWriter.write(method, target, headers);
      HeadParser<HttpRequestHead> parser = HeadParser.request(new HeadLimits(1 << 16, 1000));
      int at = Math.min(split, bytes.length);
      assertThat(parser.parse(ByteBuffer.wrap(bytes, 0, at))).isNull();
      HttpRequestHead head = parser.parse(ByteBuffer.wrap(bytes, at, bytes.length - at));
      assertThat(head).isEqualTo(new HttpRequestHead(method, target, 1, 1, headers));
    });
  }

  @Test
  void writtenResponseParsesBackToTheSameHead() {
    Property.forAll(0x4EAD_0002L, 300, gen -> {
      int status = gen.intBetween(100, 999);
      HttpHeaders headers = headers(gen);
      byte[] bytes = HttpResponseWriter.write(status, null, headers, null);
      HttpResponseHead head = HeadParser.response(new HeadLimits(1 << 16, 1000)).parse(ByteBuffer.wrap(bytes));
      assertThat(head).isEqualTo(new HttpResponseHead(1, 1, status, HttpResponseWriter.standardReason(status), headers));
    });
  }

  private static String token(Gen gen) {
    return gen.stringOf(1, 12, TOKEN_CHARS);
  }

  /** Up to 20 fields: token names, values of any field-content char (a name may repeat). */
  private static HttpHeaders headers(Gen gen) {
    HttpHeaders.Builder b = HttpHeaders.builder();
    int fields = gen.length(0, 20);
    for (int i = 0; i < fields; i++) {
      b.add(token(gen), gen.stringOf(0, 30, VALUE_CHARS));
    }
    return b.build();
  }
}
