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
 * @param compressedConnections open connections that agreed permessage-deflate
 * @param compressionReservedBytes native memory reserved from the compression budget for the
 *     contexts connections own (see {@link Compression.Builder#memoryBudget})
 * @param compressionRefusals connections served uncompressed because the budget was spent
 * @param peerHeldBytes bytes all connections hold for their peers now (messages being received,
 *     output waiting for sockets), counted against the server's memory budget
 * @param peerHeldLimit the server's memory budget (see {@link WebSocketServer.Builder#memoryBudget})
 */
public record ServerMetrics(int openConnections, long acceptedConnections, long rejectedHandshakes,
    long messagesIn, long messagesOut, long bytesIn, long bytesOut, long queuedBytes,
    int compressedConnections, long compressionReservedBytes, long compressionRefusals,
    long peerHeldBytes, long peerHeldLimit) {}
