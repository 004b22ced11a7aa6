package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.protocol.http.HttpResponseWriter;
import java.util.List;
import java.util.Objects;

/**
 * Immutable. A request {@link ServerHandshake#check} found to be a valid RFC 6455 opening
 * handshake, with what the client asked for, and the means to accept it.
 *
 * @param head the request head as received
 * @param key the {@code Sec-WebSocket-Key}, already checked to be base64 of 16 bytes
 * @param subprotocols the offered subprotocols in the client's order, possibly empty
 * @param extensions the extension offers in the client's order, possibly empty
 * @param origin the {@code Origin} value, or {@code null} when absent (non-browser clients);
 *     RFC 6455 §10.2: servers that accept only certain origins check it
 */
public record UpgradeRequest(
    HttpRequestHead head, String key, List<String> subprotocols, List<ExtensionOffer> extensions, String origin) {
  /** Copies the lists; rejects null where a value is required. */
  public UpgradeRequest {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(key, "key");
    subprotocols = List.copyOf(subprotocols);
    extensions = List.copyOf(extensions);
  }

  /**
   * The 101 response accepting this request (RFC 6455 §4.2.2): {@code Upgrade: websocket},
   * {@code Connection: Upgrade}, {@code Sec-WebSocket-Accept}, then {@code Sec-WebSocket-Protocol}
   * and {@code Sec-WebSocket-Extensions} when given, then {@code extraHeaders}.
   *
   * @param subprotocol one of {@link #subprotocols()}, or {@code null} for none
   * @param acceptedExtensions the negotiated extensions in the order they apply, each named as a
   *     client offer was (their parameters are the extension's business), possibly empty
   * @param extraHeaders further fields, such as {@code Set-Cookie}
   * @throws IllegalArgumentException if the subprotocol or an extension name was not offered
   *     (RFC 6455 §4.1: the client fails a connection whose response names either unasked), or if
   *     {@code extraHeaders} sets a field the handshake writes itself
   */
  public byte[] acceptResponse(String subprotocol, List<ExtensionOffer> acceptedExtensions, HttpHeaders extraHeaders) {
    if (subprotocol != null && !subprotocols.contains(subprotocol)) {
      throw new IllegalArgumentException("subprotocol \"" + subprotocol + "\" was not offered: " + subprotocols);
    }
    for (ExtensionOffer accepted : acceptedExtensions) {
      if (extensions.stream().noneMatch(offer -> offer.name().equalsIgnoreCase(accepted.name()))) {
        throw new IllegalArgumentException("extension \"" + accepted.name() + "\" was not offered");
      }
    }
    for (HttpHeaders.Field f : extraHeaders) {
      if (HeaderNames.isHandshakeField(f.name())) {
        throw new IllegalArgumentException("the handshake writes " + f.name() + " itself");
      }
    }
    HttpHeaders.Builder headers = HttpHeaders.builder()
        .add(HeaderNames.UPGRADE, HeaderNames.WEBSOCKET)
        .add(HeaderNames.CONNECTION, "Upgrade")
        .add(HeaderNames.ACCEPT, AcceptKey.of(key));
    if (subprotocol != null) {
      headers.add(HeaderNames.PROTOCOL, subprotocol);
    }
    if (!acceptedExtensions.isEmpty()) {
      headers.add(HeaderNames.EXTENSIONS, ExtensionHeader.format(acceptedExtensions));
    }
    return HttpResponseWriter.write(101, null, headers.addAll(extraHeaders).build(), null);
  }
}
