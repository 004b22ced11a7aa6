package io.sockjet.protocol.http;

import java.util.Objects;

/**
 * Stateless and thread-safe. Writes a server's response: status line, header fields and an
 * optional body with its {@code Content-Length}, all as one byte array ready for the socket.
 */
public final class HttpResponseWriter {
  private HttpResponseWriter() {}

  /**
   * The response as bytes.
   *
   * @param status a three-digit status code
   * @param reason the reason phrase, or {@code null} for the standard phrase of {@code status}
   *     ({@link #standardReason(int)}); it may hold SP, HTAB and visible characters only
   * @param headers the header fields, written in order
   * @param body the content, or {@code null} for none; when given, {@code Content-Length} is
   *     added after {@code headers}
   * @throws IllegalArgumentException if the status is not three digits, the reason holds a
   *     control character, a body is given for a status that has none (1xx, 204, 304: RFC 9110
   *     §6.4.1) or {@code headers} already frame a body ({@code Content-Length},
   *     {@code Transfer-Encoding}) that is also given
   */
  public static byte[] write(int status, String reason, HttpHeaders headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status is not three digits: " + status);
    }
    String phrase = reason == null ? standardReason(status) : reason;
    for (int i = 0; i < phrase.length(); i++) {
      if (!HttpHeaders.isFieldValueChar(phrase.charAt(i))) {
        throw new IllegalArgumentException("reason phrase holds a control character at index " + i);
      }
    }
    HttpHeaders all = headers;
    if (body != null) {
      if (status < 200 || status == 204 || status == 304) {
        throw new IllegalArgumentException("status " + status + " has no content (RFC 9110 §6.4.1)");
      }
      if (headers.contains("Content-Length") || headers.contains("Transfer-Encoding")) {
        throw new IllegalArgumentException("headers already frame the body; pass them or a body, not both");
      }
      all = headers.toBuilder().add("Content-Length", Integer.toString(body.length)).build();
    }
    return new HeadWriter().line("HTTP/1.1 " + status + " " + phrase).headers(all).finish(body);
  }

  /**
   * The reason phrase RFC 9110 §15 gives {@code status}, for the statuses a WebSocket server
   * sends; {@code ""} for others (RFC 9112 §4 allows an empty reason phrase).
   */
  public static String standardReason(int status) {
    return switch (status) {
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 426 -> "Upgrade Required";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "";
    };
  }
}
