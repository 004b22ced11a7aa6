package io.sockjet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP response, for requests that are not WebSocket upgrades (a web page, a health
 * check), given by an {@link HttpHandler}. The connection closes after it is sent.
 *
 * @param status the HTTP status
 * @param headers extra headers (Content-Length and Connection are set by the server)
 * @param body the body, possibly empty
 */
public record HttpResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
  /** Copies the headers and never keeps a null body. */
  public HttpResponse {
    headers = List.copyOf(headers);
    body = body == null ? new byte[0] : body.clone();
  }

  /** A response with a content type and a UTF-8 text body. */
  public static HttpResponse of(int status, String contentType, String body) {
    return new HttpResponse(status, List.of(Map.entry("Content-Type", contentType)),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
