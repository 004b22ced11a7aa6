package io.sockjet.internal;

import io.sockjet.HandshakeHandler;
import io.sockjet.WebSocketListener;
import java.util.List;
import java.util.Set;

/**
 * What serves upgrades to one path of a server (a route, or the server's own settings for every
 * path no route takes): the hook, the subprotocols and origins it accepts, the listeners its
 * connections start with, and the owner they take their settings from. Immutable.
 *
 * @param handshake decides each upgrade
 * @param subprotocols most preferred first
 * @param allowedOrigins empty for any
 * @param listeners every connection's first listeners (shared: never written into)
 * @param owner what its connections report to and take their settings from
 */
public record Endpoint(HandshakeHandler handshake, List<String> subprotocols,
    Set<String> allowedOrigins, WebSocketListener[] listeners, WebSocketConnection.Owner owner) {}
