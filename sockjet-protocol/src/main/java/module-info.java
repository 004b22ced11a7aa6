/**
 * The sans-I/O WebSocket core of Sockjet: bytes in, events out; calls in, bytes out.
 * No sockets, threads or clocks live here, so every rule is testable byte for byte.
 */
module io.sockjet.protocol {
  requires transitive io.sockjet.buffer;
  exports io.sockjet.protocol;
  exports io.sockjet.protocol.frame;
  exports io.sockjet.protocol.text;
  exports io.sockjet.protocol.http;
  exports io.sockjet.protocol.handshake;
  exports io.sockjet.protocol.deflate;
}
