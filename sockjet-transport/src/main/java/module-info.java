/**
 * Sockjet's transport: NIO event loops, accept and connect, gathering writes and TLS over
 * SSLEngine. It moves bytes and knows nothing of WebSocket.
 */
module io.sockjet.transport {
  requires transitive io.sockjet.buffer;
  exports io.sockjet.transport;
}
