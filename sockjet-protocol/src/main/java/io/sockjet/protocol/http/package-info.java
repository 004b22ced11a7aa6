/**
 * The HTTP/1.1 heads of the opening handshake: an incremental, size-limited parser and writers.
 *
 * <p>{@link io.sockjet.protocol.http.HeadParser} reads a request or response head as bytes
 * arrive, within {@link io.sockjet.protocol.http.HeadLimits}, and leaves any bytes after the head
 * in the caller's buffer: they are the first WebSocket frames. The writers produce complete heads
 * from validated {@link io.sockjet.protocol.http.HttpHeaders}, so no header injection is
 * possible through them. Only what the upgrade needs is here: no bodies beyond a short error text,
 * no chunked coding, no persistent connections.
 */
package io.sockjet.protocol.http;
