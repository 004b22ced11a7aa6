package io.sockjet.cli;

import io.sockjet.testkit.RawFrame;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A hostile (or merely raw) WebSocket client over a plain blocking socket to 127.0.0.1: it
 * upgrades by hand and then writes whatever bytes a test wants, valid or not, at whatever pace.
 * Not thread-safe, except that {@link #close()} may be called from another thread to unblock a
 * write the server stopped reading.
 */
final class RawPeer implements AutoCloseable {
  /** Frame masking key used for every frame (its value does not matter to the server). */
  static final int MASK = 0x1234abcd;

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the opening handshake on {@code path}; fails unless 101. */
  static RawPeer upgrade(int port, String path) throws IOException {
    RawPeer peer = connect(port);
    peer.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    String head = peer.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      peer.close();
      throw new IOException("upgrade refused: " + head);
    }
    return peer;
  }

  /** Connects without a handshake (10 s read timeout). */
  static RawPeer connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return new RawPeer(s);
  }

  /** Reads an HTTP response head, up to and including the blank line. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** A masked frame as a client must send it. */
  static byte[] frame(int opcode, byte[] payload) {
    return RawFrame.of(opcode).payload(payload).mask(MASK).bytes();
  }

  /**
   * Reads frames until a close frame and returns its code, skipping others (pongs, echoes);
   * -1 if the connection ends without one. Gives up (SocketTimeoutException) after the socket's
   * read timeout passes with no byte.
   */
  int awaitCloseCode() throws IOException {
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        return -1;
      }
      int b1 = readByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readByte();
        }
      }
      if ((b0 & 0x0f) == 0x8) {
        if (length < 2) {
          return 1005;
        }
        int code = (readByte() << 8) | readByte();
        in.skipNBytes(length - 2);
        return code;
      }
      in.skipNBytes(length);
    }
  }

  /** Whether the server ended the connection (EOF or reset) within the read timeout. */
  boolean endsWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    byte[] sink = new byte[8192];
    try {
      while (in.read(sink) >= 0) {
        // discard until the end
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed inside a frame");
    }
    return b;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
