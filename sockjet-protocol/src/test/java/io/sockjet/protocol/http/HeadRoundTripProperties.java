package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What a writer produces, the parser reads back unchanged, wherever the input is split. */
class HeadRoundTripProperties {
  @Property(tries = 300)
  void writtenRequestParsesBackToTheSameHead(
      @ForAll("tokens") String method, @ForAll("targets") String target, @ForAll("headers") HttpHeaders headers,
      @ForAll("splits") int split) throws HttpParseException {
    byte[] bytes = HttpRequestWriter.write(method, target, headers);
    HeadParser<HttpRequestHead> parser = HeadParser.request(new HeadLimits(1 << 16, 1000));
    int at = Math.min(split, bytes.length);
    assertThat(parser.parse(ByteBuffer.wrap(bytes, 0, at))).isNull();
    HttpRequestHead head = parser.parse(ByteBuffer.wrap(bytes, at, bytes.length - at));
    assertThat(head).isEqualTo(new HttpRequestHead(method, target, 1, 1, headers));
  }

  @Property(tries = 300)
  void writtenResponseParsesBackToTheSameHead(
      @ForAll("statuses") int status, @ForAll("headers") HttpHeaders headers) throws HttpParseException {
    byte[] bytes = HttpResponseWriter.write(status, null, headers, null);
    HttpResponseHead head = HeadParser.response(new HeadLimits(1 << 16, 1000)).parse(ByteBuffer.wrap(bytes));
    assertThat(head).isEqualTo(new HttpResponseHead(1, 1, status, HttpResponseWriter.standardReason(status), headers));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-.^_`|~").ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> targets() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.integers().between(100, 999);
  }

  @Provide
  Arbitrary<Integer> splits() {
    // Always below the head's length: the request line alone is longer than 12 bytes.
    return Arbitraries.integers().between(0, 12);
  }

  @Provide
  Arbitrary<HttpHeaders> headers() {
    Arbitrary<String> values = Arbitraries.strings()
        .withCharRange(' ', '~').withChars('\t').withCharRange('\u0080', '\u00ff').ofMaxLength(30);
    Arbitrary<HttpHeaders.Field> field = Combinators.combine(tokens(), values).as(HttpHeaders.Field::new);
    return field.list().ofMaxSize(20).map(HeadRoundTripProperties::build);
  }

  private static HttpHeaders build(List<HttpHeaders.Field> fields) {
    HttpHeaders.Builder b = HttpHeaders.builder();
    fields.forEach(f -> b.add(f.name(), f.value()));
    return b.build();
  }
}
