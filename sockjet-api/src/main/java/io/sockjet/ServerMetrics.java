package io.sockjet;

/**
 * A snapshot of a server's counters, read at run time with {@link WebSocketServer#metrics()}.
 *
 * @param openConnections connections open or closing now
 * @param acceptedConnections connections whose handshake was accepted since start
 * @param rejectedHandshakes handshakes answered with an HTTP error since start
 * @param messagesIn whole messages received
 * @param messagesOut messages sent (a broadcast counts once per recipient)
 * @param bytesIn bytes read from sockets (TLS: after decryption), handshakes included
 * @param bytesOut bytes written to sockets, handshakes included
 * @param queuedBytes bytes accepted for sending and not yet written, over all connections
 */
public record ServerMetrics(int openConnections, long acceptedConnections, long rejectedHandshakes,
    long messagesIn, long messagesOut, long bytesIn, long bytesOut, long queuedBytes) {}
