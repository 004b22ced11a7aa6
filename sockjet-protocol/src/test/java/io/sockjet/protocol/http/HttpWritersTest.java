package io.sockjet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HttpResponseWriter} and {@link HttpRequestWriter}. */
class HttpWritersTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void responseWithBodyGetsContentLengthAfterTheHeadersAndCrlfLineEnds() {
    byte[] bytes = HttpResponseWriter.write(
        400, null, HttpHeaders.builder().add("Connection", "close").build(), "bad\n".getBytes(StandardCharsets.UTF_8));
    assertThat(text(bytes)).isEqualTo("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbad\n");
  }

  @Test
  void responseWithoutBodyHasNoContentLength() {
    assertThat(text(HttpResponseWriter.write(101, null, HttpHeaders.EMPTY, null)))
        .isEqualTo("HTTP/1.1 101 Switching Protocols\r\n\r\n");
  }

  @ParameterizedTest
  @CsvSource({
    "101, Switching Protocols", "200, OK", "400, Bad Request", "403, Forbidden", "404, Not Found",
    "405, Method Not Allowed", "426, Upgrade Required", "431, Request Header Fields Too Large",
    "500, Internal Server Error", "503, Service Unavailable", "505, HTTP Version Not Supported"
  })
  void standardReasonPhrasesRfc9110Section15(int status, String reason) {
    assertThat(text(HttpResponseWriter.write(status, null, HttpHeaders.EMPTY, null)))
        .startsWith("HTTP/1.1 " + status + " " + reason + "\r\n");
  }

  @Test
  void customAndUnknownReasonPhrases() {
    assertThat(text(HttpResponseWriter.write(200, "Fine", HttpHeaders.EMPTY, null))).startsWith("HTTP/1.1 200 Fine\r\n");
    assertThat(text(HttpResponseWriter.write(299, null, HttpHeaders.EMPTY, null))).startsWith("HTTP/1.1 299 \r\n");
  }

  @Test
  void responseWriterRefusesWhatWouldCorruptTheResponse() {
    assertThatIllegalArgumentException().isThrownBy(() -> HttpResponseWriter.write(99, null, HttpHeaders.EMPTY, null));
    assertThatIllegalArgumentException().isThrownBy(() -> HttpResponseWriter.write(200, "a\r\nX: y", HttpHeaders.EMPTY, null));
    assertThatIllegalArgumentException().isThrownBy(() -> HttpResponseWriter.write(101, null, HttpHeaders.EMPTY, new byte[1]));
    assertThatIllegalArgumentException().isThrownBy(() -> HttpResponseWriter.write(
        200, null, HttpHeaders.builder().add("Content-Length", "1").build(), new byte[1]));
  }

  @Test
  void requestWriterWritesRequestLineAndHeaders() {
    byte[] bytes = HttpRequestWriter.write("GET", "/chat?x=1", HttpHeaders.builder().add("Host", "h").build());
    assertThat(text(bytes)).isEqualTo("GET /chat?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");
  }

  @Test
  void requestWriterRefusesInjectionThroughMethodOrTarget() {
    assertThatIllegalArgumentException().isThrownBy(() -> HttpRequestWriter.write("GET /", "/", HttpHeaders.EMPTY));
    assertThatIllegalArgumentException().isThrownBy(() -> HttpRequestWriter.write("GET", "/ HTTP/1.1\r\nX: y", HttpHeaders.EMPTY));
    assertThatIllegalArgumentException().isThrownBy(() -> HttpRequestWriter.write("GET", "", HttpHeaders.EMPTY));
  }
}
