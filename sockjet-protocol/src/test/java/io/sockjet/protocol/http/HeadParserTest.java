package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Partitions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadParserTest {
  /** RFC 6455 §1.2's example request, followed by a masked "Hello" frame (§5.7). */
  private static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
      + "Host: server.example.com\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Origin: http://example.com\r\n"
      + "Sec-WebSocket-Protocol: chat, superchat\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + "\r\n";
  private static final byte[] MASKED_HELLO = Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Feeds the chunks in order; returns the head and collects the bytes left after it. */
  private static <T> T feed(HeadParser<T> parser, List<byte[]> chunks, List<Byte> trailing) throws HttpParseException {
    T head = null;
    for (byte[] chunk : chunks) {
      ByteBuffer in = ByteBuffer.wrap(chunk);
      if (head == null) {
        head = parser.parse(in);
        if (head == null) {
          assertThat(in.hasRemaining()).as("an incomplete head consumes every byte").isFalse();
        }
      }
      while (in.hasRemaining()) {
        trailing.add(in.get());
      }
    }
    return head;
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  @Test
  void parsesRfc6455RequestThroughEveryPartitionLeavingTrailingFrameIntact() {
    byte[] input = concat(bytes(RFC_REQUEST), MASKED_HELLO);
    Partitions.forEach(input, chunks -> {
      List<Byte> trailing = new ArrayList<>();
      HttpRequestHead head;
      try {
        head = feed(HeadParser.request(HeadLimits.DEFAULTS), chunks, trailing);
      } catch (HttpParseException e) {
        throw new AssertionError(e);
      }
      assertThat(head).isNotNull();
      assertThat(head.method()).isEqualTo("GET");
      assertThat(head.target()).isEqualTo("/chat");
      assertThat(head.versionMajor()).isEqualTo(1);
      assertThat(head.versionMinor()).isEqualTo(1);
      assertThat(head.headers().size()).isEqualTo(7);
      assertThat(head.headers().first("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
      assertThat(head.headers().tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat");
      assertThat(Hex.of(toArray(trailing))).isEqualTo(Hex.of(MASKED_HELLO));
    });
  }

  @Test
  void parsesRfc6455ResponseThroughEveryPartitionLeavingTrailingFrameIntact() {
    String response = "HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        + "Sec-WebSocket-Protocol: chat\r\n"
        + "\r\n";
    byte[] hello = Hex.bytes("81 05 48 65 6c 6c 6f");
    Partitions.forEach(concat(bytes(response), hello), chunks -> {
      List<Byte> trailing = new ArrayList<>();
      HttpResponseHead head;
      try {
        head = feed(HeadParser.response(HeadLimits.DEFAULTS), chunks, trailing);
      } catch (HttpParseException e) {
        throw new AssertionError(e);
      }
      assertThat(head).isNotNull();
      assertThat(head.status()).isEqualTo(101);
      assertThat(head.reason()).isEqualTo("Switching Protocols");
      assertThat(head.headers().first("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(Hex.of(toArray(trailing))).isEqualTo(Hex.of(hello));
    });
  }

  @Test
  void toleratesLoneLfLineEndsRfc9112Section2_2() throws HttpParseException {
    HttpRequestHead head = HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\nHost: h\r\nX: y\n\n")));
    assertThat(head.headers().first("Host")).isEqualTo("h");
    assertThat(head.headers().first("X")).isEqualTo("y");
  }

  @Test
  void skipsEmptyLinesBeforeTheRequestLineRfc9112Section2_2() throws HttpParseException {
    HttpRequestHead head = HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes("\r\n\nGET / HTTP/1.1\r\n\r\n")));
    assertThat(head.target()).isEqualTo("/");
  }

  @Test
  void fieldValuesAreTrimmedAndMayBeEmptyOrHoldObsText() throws HttpParseException {
    HttpRequestHead head = HeadParser.request(HeadLimits.DEFAULTS)
        .parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nA:\r\nB: \t x y \t\r\nC:caf\u00e9\r\n\r\n")));
    assertThat(head.headers().first("A")).isEmpty();
    assertThat(head.headers().first("B")).isEqualTo("x y");
    assertThat(head.headers().first("C")).isEqualTo("caf\u00e9");
  }

  @Test
  void incompleteHeadReturnsNullAndKeepsItsBytes() throws HttpParseException {
    HeadParser<HttpRequestHead> parser = HeadParser.request(HeadLimits.DEFAULTS);
    assertThat(parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHo")))).isNull();
    assertThat(parser.parse(ByteBuffer.allocate(0))).isNull();
    assertThat(parser.parse(ByteBuffer.wrap(bytes("st: h\r\n\r")))).isNull();
    assertThat(parser.parse(ByteBuffer.wrap(bytes("\n"))).headers().first("Host")).isEqualTo("h");
  }

  @Test
  void parsesFromDirectBuffersAtAnyPosition() throws HttpParseException {
    ByteBuffer in = ByteBuffer.allocateDirect(64);
    in.put(bytes("xxGET / HTTP/1.1\r\n\r\n!")).flip().position(2);
    assertThat(HeadParser.request(HeadLimits.DEFAULTS).parse(in).method()).isEqualTo("GET");
    assertThat(in.remaining()).isEqualTo(1);
  }

  @Test
  void aSpentParserRefusesMoreInput() throws HttpParseException {
    HeadParser<HttpRequestHead> parser = HeadParser.request(HeadLimits.DEFAULTS);
    parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\n\r\n")));
    assertThatIllegalStateException().isThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes("x"))));
    HeadParser<HttpRequestHead> failed = HeadParser.request(HeadLimits.DEFAULTS);
    assertThatThrownBy(() -> failed.parse(ByteBuffer.wrap(bytes("BAD\r\n")))).isInstanceOf(HttpParseException.class);
    assertThatIllegalStateException().isThrownBy(() -> failed.parse(ByteBuffer.wrap(bytes("x"))));
  }

  /** A head of exactly {@code size} bytes: request line, one padding header and the blank line. */
  private static String headOfSize(int size) {
    String start = "GET / HTTP/1.1\r\nX: ";
    return start + "a".repeat(size - start.length() - 4) + "\r\n\r\n";
  }

  @Test
  void headOfExactlyTheLimitIsAcceptedAndOneByteMoreIs431() throws HttpParseException {
    assertThat(HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes(headOfSize(8192))))).isNotNull();
    Partitions.forEach(bytes(headOfSize(8193)), chunks -> assertThatThrownBy(
            () -> feed(HeadParser.request(HeadLimits.DEFAULTS), chunks, new ArrayList<>()))
        .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431)));
  }

  @Test
  void endlessHeadIs431AsSoonAsTheLimitIsReachedAndTheBufferStaysWithinIt() throws HttpParseException {
    HeadLimits limits = new HeadLimits(1000, 100);
    HeadParser<HttpRequestHead> parser = HeadParser.request(limits);
    parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nX: ")));
    byte[] chunk = bytes("a".repeat(100));
    int fed = 0;
    try {
      while (true) {
        parser.parse(ByteBuffer.wrap(chunk));
        fed += chunk.length;
        assertThat(parser.bufferCapacity()).isLessThanOrEqualTo(1000);
      }
    } catch (HttpParseException e) {
      assertThat(e.status()).isEqualTo(431);
    }
    assertThat(fed).isLessThan(1000);
  }

  @Test
  void headerCountAboveTheLimitIs431() throws HttpParseException {
    String hundred = "X: y\r\n".repeat(100);
    assertThat(HeadParser.request(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\n" + hundred + "\r\n")))).isNotNull();
    assertThatThrownBy(() -> HeadParser.request(HeadLimits.DEFAULTS)
            .parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\n" + hundred + "X: y\r\n\r\n"))))
        .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
  }

  @Test
  void byteByByteFeedingOfALargeHeadIsLinear() throws HttpParseException {
    // 64 KiB fed a byte at a time: a parser that rescanned its buffer per byte would do
    // about 2 billion byte comparisons here and take seconds; a linear one takes milliseconds.
    HeadLimits limits = new HeadLimits(1 << 16, 100);
    byte[] input = bytes("GET / HTTP/1.1\r\nX: " + "a".repeat((1 << 16) - 23) + "\r\n\r\n");
    HeadParser<HttpRequestHead> parser = HeadParser.request(limits);
    long start = System.nanoTime();
    HttpRequestHead head = null;
    for (int i = 0; i < input.length && head == null; i++) {
      head = parser.parse(ByteBuffer.wrap(input, i, 1));
    }
    assertThat(head).isNotNull();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bare CR in a header value                     | GET / HTTP/1.1\\r\\nX: a\\rb\\r\\n\\r\\n        | 400
      obs-fold RFC 9112 §5.2                        | GET / HTTP/1.1\\r\\nX: a\\r\\n b\\r\\n\\r\\n     | 400
      white space before first header               | GET / HTTP/1.1\\r\\n X: a\\r\\n\\r\\n            | 400
      space before colon RFC 9112 §5.1              | GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n         | 400
      tab before colon RFC 9112 §5.1                | GET / HTTP/1.1\\r\\nHost\\t: h\\r\\n\\r\\n       | 400
      NUL in a value                                | GET / HTTP/1.1\\r\\nX: a\\0b\\r\\n\\r\\n         | 400
      DEL in a value                                | GET / HTTP/1.1\\r\\nX: a\\u007fb\\r\\n\\r\\n     | 400
      header without colon                          | GET / HTTP/1.1\\r\\nHost h\\r\\n\\r\\n           | 400
      empty header name                             | GET / HTTP/1.1\\r\\n: h\\r\\n\\r\\n              | 400
      non-token header name                         | GET / HTTP/1.1\\r\\nX(y): h\\r\\n\\r\\n          | 400
      non-token method                              | G(T / HTTP/1.1\\r\\n\\r\\n                       | 400
      request line of two words                     | GET /\\r\\n\\r\\n                                | 400
      request line of four words                    | GET / x HTTP/1.1\\r\\n\\r\\n                     | 400
      double space in request line                  | GET  / HTTP/1.1\\r\\n\\r\\n                      | 400
      lower-case protocol name                      | GET / http/1.1\\r\\n\\r\\n                       | 400
      two-digit minor version                       | GET / HTTP/1.10\\r\\n\\r\\n                      | 400
      control char in target                        | GET /\\u0001 HTTP/1.1\\r\\n\\r\\n                | 400
      HTTP/2.0                                      | GET / HTTP/2.0\\r\\n\\r\\n                       | 505
      HTTP/0.9                                      | GET / HTTP/0.9\\r\\n\\r\\n                       | 505
      """)
  void malformedRequestHeadsAreRejectedWithTheirStatus(String rule, String head, int status) {
    byte[] input = bytes(unescape(head));
    Partitions.forEach(input, chunks -> assertThatThrownBy(
            () -> feed(HeadParser.request(HeadLimits.DEFAULTS), chunks, new ArrayList<>()))
        .as(rule)
        .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      status of two digits           | HTTP/1.1 99 Low\\r\\n\\r\\n
      status of letters              | HTTP/1.1 1x1 Switching\\r\\n\\r\\n
      no space after version         | HTTP/1.1101 Switching\\r\\n\\r\\n
      no space after status          | HTTP/1.1 101Switching\\r\\n\\r\\n
      control char in reason         | HTTP/1.1 101 Swi\\u0001tching\\r\\n\\r\\n
      HTTP/2                         | HTTP/2.0 101 Switching\\r\\n\\r\\n
      not HTTP                       | ICY 200 OK\\r\\n\\r\\n
      obs-fold                       | HTTP/1.1 101 S\\r\\nUpgrade: a\\r\\n b\\r\\n\\r\\n
      """)
  void malformedResponseHeadsAreRejected(String rule, String head) {
    assertThatThrownBy(() -> HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes(unescape(head)))))
        .as(rule)
        .isInstanceOf(HttpParseException.class);
  }

  @Test
  void responseMayOmitTheReasonPhraseAndItsSpace() throws HttpParseException {
    assertThat(HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes("HTTP/1.1 101\r\n\r\n"))).reason()).isEmpty();
    assertThat(HeadParser.response(HeadLimits.DEFAULTS).parse(ByteBuffer.wrap(bytes("HTTP/1.1 101 \r\n\r\n"))).reason()).isEmpty();
  }

  /** Resolves the {@code \r \n \0 \t \\uXXXX} escapes of the tables above. */
  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0").replace("\\t", "\t")
        .replace("\\u0001", "\u0001").replace("\\u007f", "\u007f");
  }
}
