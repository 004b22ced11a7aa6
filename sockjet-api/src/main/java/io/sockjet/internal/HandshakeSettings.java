package io.sockjet.internal;

import io.sockjet.HttpHandler;
import io.sockjet.protocol.http.HeadLimits;
import java.time.Duration;

/**
 * What a server's HTTP phase needs to know before it knows the path, fixed when the server is
 * built: the limits on the request head, the time to send it, and the hook that answers plain
 * HTTP. What decides an upgrade is the path's {@link Endpoint}. Immutable; shared by every {@link
 * UpgradeHandler}.
 *
 * @param headLimits the largest request head and the most headers (431 over them)
 * @param timeout how long a client may take to send its whole request (slowloris)
 * @param http answers requests that are not upgrades; null for a 400 (426 for a bad version)
 */
public record HandshakeSettings(HeadLimits headLimits, Duration timeout, HttpHandler http) {}
