package io.sockjet;

import io.sockjet.internal.ConnectionSettings;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One WebSocket endpoint of a server, at a path ({@link WebSocketServer.Builder#route}): its own
 * handshake hook, listener, subprotocols, accepted origins, and connection settings (limits, send
 * queue, timers, handler executor). What a route does not set takes the defaults that {@link
 * ConnectionOptions} documents, not the server's. Immutable.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder().port(8080)
 *     .route("/chat", Route.builder().listener(chat).maxMessageSize(64 * 1024).build())
 *     .route("/feeds/*", Route.builder().listener(feeds).handshake(auth).build())
 *     .start(); // any other path: 404
 * }</pre>
 */
public final class Route {
  final ConnectionSettings settings;
  final HandshakeHandler handshake;
  final List<String> subprotocols;
  final Set<String> allowedOrigins;
  final WebSocketListener listener;

  private Route(Builder b) {
    this.settings = b.settings();
    this.handshake = b.handshake;
    this.subprotocols = b.subprotocols;
    this.allowedOrigins = b.allowedOrigins;
    this.listener = b.listener;
  }

  /** A builder with the defaults: accept every upgrade, no subprotocol, any origin. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects a route's settings. Not thread-safe; build once. */
  public static final class Builder extends ConnectionOptions<Builder> {
    private HandshakeHandler handshake = HandshakeHandler.sync(r -> HandshakeResponse.accept());
    private List<String> subprotocols = List.of();
    private Set<String> allowedOrigins = Set.of();

    private Builder() {}

    /** Decides each upgrade to this route (default: accept). */
    public Builder handshake(HandshakeHandler handler) {
      this.handshake = Objects.requireNonNull(handler);
      return this;
    }

    /** This route's subprotocols, most preferred first (default none). */
    public Builder subprotocols(String... protocols) {
      this.subprotocols = List.of(protocols);
      return this;
    }

    /** The origins this route accepts (403 for others; default: any). */
    public Builder allowedOrigins(String... origins) {
      this.allowedOrigins = Set.of(origins);
      return this;
    }

    /** The route. */
    public Route build() {
      return new Route(this);
    }
  }
}
