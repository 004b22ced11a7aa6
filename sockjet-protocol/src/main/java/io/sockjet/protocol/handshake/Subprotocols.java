package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpToken;
import java.util.List;
import java.util.Optional;

/**
 * Stateless and thread-safe. The {@code Sec-WebSocket-Protocol} list (RFC 6455 §4.1, §11.3.4)
 * and the server's choice from it.
 *
 * <p>Subprotocol names compare case-sensitively: RFC 6455 defines no case folding for them, and
 * browsers fail the connection unless the server echoes one of the offered strings exactly.
 */
public final class Subprotocols {
  private Subprotocols() {}

  /**
   * The offered subprotocols across every {@code Sec-WebSocket-Protocol} line, in order, trimmed,
   * empty elements dropped; empty when none is offered.
   *
   * @throws MalformedHeaderException if an element is not a token. RFC 6455 §4.1: "The elements
   *     that comprise this value MUST be non-empty strings with characters in the range U+0021 to
   *     U+007E not including separator characters as defined in [RFC2616]"
   */
  public static List<String> parse(HttpHeaders headers) throws MalformedHeaderException {
    List<String> offered = headers.tokens(HeaderNames.PROTOCOL);
    for (String name : offered) {
      if (!HttpToken.isToken(name)) {
        throw new MalformedHeaderException(HeaderNames.PROTOCOL, "not a token: \"" + name + "\"");
      }
    }
    return offered;
  }

  /**
   * The subprotocol to accept: the first entry of {@code supportedInPreferenceOrder} that the
   * client offered. The server's preference wins over the client's order because the server
   * knows which of its protocols is best (newest, cheapest); RFC 6455 §4.2.2 leaves the choice to
   * it. Empty when the two lists share nothing: the server then sends no
   * {@code Sec-WebSocket-Protocol}, and the client decides whether to go on without one.
   */
  public static Optional<String> select(List<String> offered, List<String> supportedInPreferenceOrder) {
    for (String supported : supportedInPreferenceOrder) {
      if (offered.contains(supported)) {
        return Optional.of(supported);
      }
    }
    return Optional.empty();
  }
}
