package io.sockjet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A handshake hook's decision: accept (with a subprotocol, extra response headers and a
 * per-connection attachment) or reject (with a status, 403 by default, and an optional body).
 * Immutable.
 *
 * <pre>{@code
 * HandshakeResponse.accept().withSubprotocol("chat").withHeader("Set-Cookie", "s=1").withAttachment(user)
 * HandshakeResponse.reject(401, "log in first")
 * }</pre>
 */
public final class HandshakeResponse {
  private static final HandshakeResponse ACCEPT = new HandshakeResponse(true, 101, null, null,
      List.of(), null);

  private final boolean accepted;
  private final int status;
  private final String subprotocol;
  private final Object attachment;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;

  private HandshakeResponse(boolean accepted, int status, String subprotocol, Object attachment,
      List<Map.Entry<String, String>> headers, byte[] body) {
    this.accepted = accepted;
    this.status = status;
    this.subprotocol = subprotocol;
    this.attachment = attachment;
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /** Accepts the connection; the server picks a subprotocol from its configured list, if any. */
  public static HandshakeResponse accept() {
    return ACCEPT;
  }

  /** Rejects with 403 Forbidden. */
  public static HandshakeResponse reject() {
    return reject(403);
  }

  /** Rejects with the given status (400-599). */
  public static HandshakeResponse reject(int status) {
    return reject(status, null);
  }

  /** Rejects with the given status and a plain-text body. */
  public static HandshakeResponse reject(int status, String body) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a rejection needs a 4xx or 5xx status: " + status);
    }
    return new HandshakeResponse(false, status, null, null, List.of(),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** This decision with the subprotocol to answer (one the client offered). */
  public HandshakeResponse withSubprotocol(String subprotocol) {
    requireAccepted();
    return new HandshakeResponse(true, status, subprotocol, attachment, headers, body);
  }

  /** This decision with a per-connection attachment ({@link WebSocket#attachment()}). */
  public HandshakeResponse withAttachment(Object attachment) {
    requireAccepted();
    return new HandshakeResponse(true, status, subprotocol, attachment, headers, body);
  }

  /** This decision with one more response header. */
  public HandshakeResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new HandshakeResponse(accepted, status, subprotocol, attachment, more, body);
  }

  private void requireAccepted() {
    if (!accepted) {
      throw new IllegalStateException("a rejection has no subprotocol or attachment");
    }
  }

  /** Whether the connection is accepted. */
  public boolean isAccepted() {
    return accepted;
  }

  /** 101 when accepted, else the rejection status. */
  public int status() {
    return status;
  }

  /** The chosen subprotocol, or null. */
  public String subprotocol() {
    return subprotocol;
  }

  /** The attachment, or null. */
  public Object attachment() {
    return attachment;
  }

  /** The extra response headers, in order. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The rejection body, or null. */
  byte[] body() {
    return body;
  }
}
