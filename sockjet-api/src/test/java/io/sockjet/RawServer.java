package io.sockjet;

import io.sockjet.protocol.handshake.AcceptKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hand-driven server for client tests: a blocking {@link ServerSocket} on 127.0.0.1 whose test
 * reads the request and writes exact bytes back. Confined to the test thread.
 */
final class RawServer implements AutoCloseable {
  final ServerSocket server;
  Socket socket;
  InputStream in;
  String requestHead;

  RawServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSoTimeout(10_000);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Accepts the client and reads its request head. */
  RawServer accept() throws IOException {
    socket = server.accept();
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before the end of its head: " + head);
      }
      head.write(b);
    }
    requestHead = head.toString(StandardCharsets.ISO_8859_1);
    return this;
  }

  String header(String name) {
    for (String line : requestHead.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** A valid 101 for the request read, with extra header lines ("Name: value\r\n" each). */
  byte[] switching(String extraHeaderLines) {
    return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + AcceptKey.of(header("Sec-WebSocket-Key")) + "\r\n"
        + extraHeaderLines + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  void write(byte[]... parts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p);
    }
    socket.getOutputStream().write(all.toByteArray()); // one write: one TCP segment on loopback
    socket.getOutputStream().flush();
  }

  byte[] read(int n) throws IOException {
    return in.readNBytes(n);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    server.close();
  }
}
