package io.sockjet.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Not thread-safe; one per head written. Accumulates a head as ISO-8859-1 bytes with CRLF line
 * ends (RFC 9112 §2.1). Callers pass only validated text, so no CR or LF can reach the output
 * except as the terminators written here.
 */
final class HeadWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  HeadWriter line(String text) {
    ascii(text);
    out.write('\r');
    out.write('\n');
    return this;
  }

  HeadWriter headers(HttpHeaders headers) {
    for (HttpHeaders.Field f : headers) {
      ascii(f.name());
      ascii(": ");
      line(f.value());
    }
    return this;
  }

  /** Ends the head with the blank line and appends {@code body} if there is one. */
  byte[] finish(byte[] body) {
    line("");
    if (body != null) {
      out.write(body, 0, body.length);
    }
    return out.toByteArray();
  }

  private void ascii(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.write(bytes, 0, bytes.length);
  }
}
