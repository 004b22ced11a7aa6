package io.sockjet.internal;

import io.sockjet.HandshakeHandler;
import io.sockjet.HttpHandler;
import io.sockjet.protocol.http.HeadLimits;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a server's HTTP phase needs to know, fixed when the server is built: the limits on the
 * request head, the time to send it, the hooks that decide an upgrade or answer plain HTTP, and
 * the subprotocols and origins accepted. Immutable; shared by every {@link UpgradeHandler}.
 *
 * @param headLimits the largest request head and the most headers (431 over them)
 * @param timeout how long a client may take to send its whole request (slowloris)
 * @param handshake decides each upgrade
 * @param http answers requests that are not upgrades; null for a 400 (426 for a bad version)
 * @param subprotocols the server's subprotocols, most preferred first
 * @param allowedOrigins the origins accepted; empty for any
 */
public record HandshakeSettings(HeadLimits headLimits, Duration timeout, HandshakeHandler handshake,
    HttpHandler http, List<String> subprotocols, Set<String> allowedOrigins) {}
