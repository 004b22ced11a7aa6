package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpToken;
import java.util.Objects;

/**
 * Immutable. One parameter of an extension offer, such as {@code client_max_window_bits=10}.
 *
 * @param name the parameter name, a token
 * @param value the value, a token after unquoting (RFC 6455 §9.1), or {@code null} when the
 *     parameter has none
 */
public record ExtensionParameter(String name, String value) {
  /**
   * @throws IllegalArgumentException if the name, or a non-null value, is not a token
   */
  public ExtensionParameter {
    if (!HttpToken.isToken(Objects.requireNonNull(name, "name"))) {
      throw new IllegalArgumentException("extension parameter name is not a token: \"" + name + "\"");
    }
    if (value != null && !HttpToken.isToken(value)) {
      throw new IllegalArgumentException("extension parameter value is not a token: \"" + value + "\"");
    }
  }

  @Override
  public String toString() {
    return value == null ? name : name + "=" + value;
  }
}
