package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestHead;
import java.util.Base64;
import java.util.List;

/**
 * Stateless and thread-safe. Checks a request head against RFC 6455 §4.2.1, the server's side of
 * the opening handshake. Policy (origins, subprotocol choice, extension negotiation) is the
 * caller's: it inspects the returned {@link UpgradeRequest} and answers with
 * {@link UpgradeRequest#acceptResponse} or its own rejection.
 */
public final class ServerHandshake {
  /** RFC 6455 §4.1: "the base64-encoded ... 16-byte value" is 24 characters with its padding. */
  private static final int KEY_LENGTH = 24;

  private ServerHandshake() {}

  /**
   * The upgrade {@code head} asks for, if it is a valid opening handshake.
   *
   * <p>Checks, in order (RFC 6455 §4.2.1 lists what a valid request holds):
   *
   * <ol>
   *   <li>{@code Upgrade} lists {@code websocket}, case-insensitively; otherwise the request is
   *       not a WebSocket request at all: 426 with {@code Upgrade: websocket} and
   *       {@link HandshakeRejection#isNotWebSocket()} true.
   *   <li>The method is {@code GET}: else 405 with {@code Allow: GET}.
   *   <li>HTTP/1.1 or later: else 400.
   *   <li>Exactly one non-empty {@code Host}: else 400 (RFC 9112 §3.2 also demands 400 for
   *       several).
   *   <li>{@code Connection} lists {@code upgrade}, case-insensitively: else 400.
   *   <li>{@code Sec-WebSocket-Version} is exactly {@code 13}: else 426 with
   *       {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.4). Checked before the key because a
   *       client of another version may form its key differently.
   *   <li>Exactly one {@code Sec-WebSocket-Key}, base64 of 16 bytes: else 400.
   *   <li>{@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} parse: else 400.
   * </ol>
   *
   * @throws HandshakeRejection carrying the status and headers to answer with
   */
  public static UpgradeRequest check(HttpRequestHead head) throws HandshakeRejection {
    HttpHeaders h = head.headers();
    if (!h.containsToken(HeaderNames.UPGRADE, HeaderNames.WEBSOCKET)) {
      // RFC 9110 §15.5.22: "The server MUST send an Upgrade header field in a 426 response to
      // indicate the required protocol(s)".
      throw new HandshakeRejection(
          426,
          "not a WebSocket request: no \"Upgrade: websocket\"",
          HttpHeaders.builder()
              .add(HeaderNames.UPGRADE, HeaderNames.WEBSOCKET)
              .add(HeaderNames.VERSION, HeaderNames.VERSION_13)
              .build(),
          true);
    }
    if (!head.method().equals("GET")) {
      // RFC 6455 §4.1: "The method of the request MUST be GET"; RFC 9110 §15.5.6: a 405 "MUST
      // generate an Allow header field".
      throw new HandshakeRejection(
          405,
          "method " + head.method() + " not allowed for a WebSocket upgrade",
          HttpHeaders.builder().add("Allow", "GET").build(),
          false);
    }
    if (!head.isAtLeastHttp11()) {
      throw HandshakeRejection.badRequest(
          "HTTP/" + head.versionMajor() + "." + head.versionMinor() + " cannot upgrade; HTTP/1.1 or later required");
    }
    List<String> hosts = h.all(HeaderNames.HOST);
    if (hosts.size() != 1 || hosts.get(0).isEmpty()) {
      throw HandshakeRejection.badRequest(
          hosts.isEmpty() ? "missing Host" : hosts.size() > 1 ? "more than one Host" : "empty Host");
    }
    if (!h.containsToken(HeaderNames.CONNECTION, "upgrade")) {
      throw HandshakeRejection.badRequest("Connection does not list \"upgrade\"");
    }
    List<String> versions = h.tokens(HeaderNames.VERSION);
    if (versions.size() != 1 || !versions.get(0).equals(HeaderNames.VERSION_13)) {
      // RFC 6455 §4.4: "the server MUST abort the WebSocket handshake described in this section
      // and instead send an appropriate HTTP error code (such as 426 Upgrade Required) and a
      // |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of
      // understanding."
      throw new HandshakeRejection(
          426,
          versions.isEmpty() ? "missing Sec-WebSocket-Version" : "unsupported Sec-WebSocket-Version " + versions,
          HttpHeaders.builder().add(HeaderNames.VERSION, HeaderNames.VERSION_13).build(),
          false);
    }
    String key = key(h);
    try {
      return new UpgradeRequest(
          head, key, Subprotocols.parse(h), ExtensionHeader.parse(h), h.first(HeaderNames.ORIGIN));
    } catch (MalformedHeaderException e) {
      throw HandshakeRejection.badRequest(e.getMessage());
    }
  }

  /** RFC 6455 §11.3.1: "The |Sec-WebSocket-Key| header field MUST NOT appear more than once". */
  private static String key(HttpHeaders h) throws HandshakeRejection {
    List<String> keys = h.all(HeaderNames.KEY);
    if (keys.size() != 1) {
      throw HandshakeRejection.badRequest(keys.isEmpty() ? "missing Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key");
    }
    String key = keys.get(0);
    byte[] nonce;
    try {
      nonce = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      nonce = null;
    }
    if (key.length() != KEY_LENGTH || nonce == null || nonce.length != AcceptKey.NONCE_BYTES) {
      // RFC 6455 §4.2.1: "a |Sec-WebSocket-Key| header field with a base64-encoded ... value
      // that, when decoded, is 16 bytes in length".
      throw HandshakeRejection.badRequest("Sec-WebSocket-Key is not base64 of 16 bytes");
    }
    return key;
  }
}
