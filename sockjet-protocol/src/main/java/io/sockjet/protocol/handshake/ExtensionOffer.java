package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpToken;
import java.util.List;
import java.util.Objects;

/**
 * Immutable. One element of a {@code Sec-WebSocket-Extensions} list: an extension name and its
 * parameters, as offered by a client or accepted by a server.
 *
 * @param name the extension name, a token, e.g. {@code permessage-deflate}
 * @param parameters the parameters in the order written; duplicates are kept so the extension
 *     can reject them (RFC 7692 §7: an offer with a parameter twice is declined)
 */
public record ExtensionOffer(String name, List<ExtensionParameter> parameters) {
  /**
   * @throws IllegalArgumentException if the name is not a token
   */
  public ExtensionOffer {
    if (!HttpToken.isToken(Objects.requireNonNull(name, "name"))) {
      throw new IllegalArgumentException("extension name is not a token: \"" + name + "\"");
    }
    parameters = List.copyOf(parameters);
  }

  /** An offer named {@code name} with {@code parameters} in order. */
  public static ExtensionOffer of(String name, ExtensionParameter... parameters) {
    return new ExtensionOffer(name, List.of(parameters));
  }

  @Override
  public String toString() {
    return ExtensionHeader.format(List.of(this));
  }
}
