package io.sockjet.protocol.http;

import java.util.Objects;

/**
 * Immutable. The status line and header fields of an HTTP/1.x response (RFC 9112 §4).
 *
 * @param versionMajor the HTTP major version, 1 for every head the parser returns
 * @param versionMinor the HTTP minor version
 * @param status the three-digit status code
 * @param reason the reason phrase, possibly empty; RFC 9112 §4: "A client SHOULD ignore the
 *     reason-phrase content", so nothing here depends on it
 * @param headers the header fields in order
 */
public record HttpResponseHead(int versionMajor, int versionMinor, int status, String reason, HttpHeaders headers) {
  /** Rejects nulls and a status outside 100..999 (three digits, RFC 9110 §15). */
  public HttpResponseHead {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status is not three digits: " + status);
    }
  }
}
