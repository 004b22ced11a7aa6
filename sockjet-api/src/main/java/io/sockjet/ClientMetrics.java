package io.sockjet;

/**
 * A snapshot of a client's counters, read at run time with {@link WebSocketClient#metrics()} (and
 * over JMX as {@code io.sockjet:type=WebSocketClient}).
 *
 * @param openConnections connections open or closing now
 * @param connects connections whose handshake succeeded since the client was built
 * @param failedConnects connection attempts that failed (DNS, TCP, TLS, proxy or handshake)
 * @param messagesIn whole messages received
 * @param messagesOut messages sent
 * @param bytesIn bytes read from sockets (TLS: after decryption), handshakes included
 * @param bytesOut bytes written to sockets, handshakes included
 * @param queuedBytes bytes accepted for sending and not yet written, over all connections
 */
public record ClientMetrics(int openConnections, long connects, long failedConnects,
    long messagesIn, long messagesOut, long bytesIn, long bytesOut, long queuedBytes) {}
