/** The HTTP/1.1 heads of the opening handshake: an incremental, size-limited parser and writers. */
package io.sockjet.protocol.http;
