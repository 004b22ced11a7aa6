package io.sockjet.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-made WebSocket client for socket-level tests: a blocking {@link Socket} on loopback that
 * writes exactly the bytes a test gives it (frames built with {@link RawFrame}, valid or not) and
 * reads the server's frames with its own small decoder (RFC 6455 §5.2), independent of Sockjet's.
 * Every read is bounded by the socket's read timeout. Not thread-safe; one per test, except that
 * {@link #close()} may be called from another thread to end a write the server stopped reading.
 */
public final class RawPeer implements AutoCloseable {
  /** The RFC 6455 §1.3 example key, whose accept value is {@link #SAMPLE_ACCEPT}. */
  public static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  public static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  /** The mask key every client frame of these tests uses. */
  public static final int MASK = 0x37fa213d;
  /** Long enough for a loaded 2-core machine, short enough that a hung test fails soon. */
  public static final int READ_TIMEOUT_MS = 10_000;

  /** A frame as the server sent it. */
  public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, 1005 if it has none. */
    public int closeCode() {
      return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
    }

    public String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  /** An HTTP response head and body. */
  public record Reply(int status, String statusLine, Map<String, String> headers, byte[] body) {
    /** A header's value (case-insensitive name), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public final Socket socket;
  public final InputStream in;
  public final OutputStream out;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  public static RawPeer connect(int port) throws IOException {
    return connect(new InetSocketAddress("127.0.0.1", port));
  }

  public static RawPeer connect(InetSocketAddress address) throws IOException {
    return connect(address, 0);
  }

  /** Connects with a small receive buffer (if {@code receiveBuffer > 0}), to back the server up. */
  public static RawPeer connect(InetSocketAddress address, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    s.connect(address, READ_TIMEOUT_MS);
    return new RawPeer(s);
  }

  /** Connects and completes a valid upgrade to {@code /}; fails unless the answer is 101. */
  public static RawPeer open(int port) throws IOException {
    RawPeer peer = connect(port);
    Reply reply = peer.upgrade("/", "");
    if (reply.status() != 101) {
      peer.close();
      throw new IllegalStateException("expected 101, got " + reply.statusLine());
    }
    return peer;
  }

  /** A valid upgrade request head for {@code target}, with {@code extraHeaders} (CRLF-ended lines). */
  public static String upgradeRequest(String target, String extraHeaders) {
    return "GET " + target + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders
        + "\r\n";
  }

  /** Sends a valid upgrade request and reads the answer's head (and body, if it has one). */
  public Reply upgrade(String target, String extraHeaders) throws IOException {
    send(upgradeRequest(target, extraHeaders));
    lastReply = readReply();
    return lastReply;
  }

  /** The answer to the last {@link #upgrade}, or null. */
  public Reply lastReply;

  public void send(String ascii) throws IOException {
    send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(RawFrame frame) throws IOException {
    send(frame.bytes());
  }

  /** Sends a masked text frame holding {@code text}. */
  public void sendText(String text) throws IOException {
    send(RawFrame.of(0x1).payload(text).mask(MASK));
  }

  /** Sends a masked close frame. */
  public void sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    send(RawFrame.of(0x8).payload(p).mask(MASK));
  }

  /** Reads an HTTP response head, and the body if Content-Length says there is one. */
  public Reply readReply() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("EOF inside the response head: " + head);
      }
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
      if (head.size() > 64 * 1024) {
        throw new IOException("response head too long");
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
      }
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    byte[] body = new byte[0];
    String length = headers.get("content-length");
    if (length != null) {
      body = readExactly(Integer.parseInt(length));
    }
    return new Reply(status, lines[0], headers, body);
  }

  /** Reads one frame from the server (RFC 6455 §5.2). */
  public Frame readFrame() throws IOException {
    int b0 = readByte();
    int b1 = readByte();
    boolean masked = (b1 & 0x80) != 0;
    long len = b1 & 0x7f;
    if (len == 126) {
      len = (readByte() << 8) | readByte();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = len << 8 | readByte();
      }
    }
    if (len > Integer.MAX_VALUE - 8) {
      throw new IOException("frame too long for a test: " + len);
    }
    byte[] key = masked ? readExactly(4) : null;
    byte[] payload = readExactly((int) len);
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= key[i & 3];
      }
    }
    return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xf, masked, payload);
  }

  /** Reads frames until a data frame ends a message; answers nothing. Returns the payload. */
  public Frame readMessage() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int opcode = -1;
    for (int i = 0; i < 1_000_000; i++) {
      Frame f = readFrame();
      if (f.opcode() >= 0x8) {
        if (f.opcode() == 0x8) {
          throw new IOException("close frame " + f.closeCode() + " while reading a message");
        }
        continue;
      }
      if (opcode < 0) {
        opcode = f.opcode();
      }
      data.write(f.payload(), 0, f.payload().length);
      if (f.fin()) {
        return new Frame(true, 0, opcode, false, data.toByteArray());
      }
    }
    throw new IOException("message of too many frames");
  }

  /** Reads frames until a close frame; returns it. */
  public Frame readClose() throws IOException {
    for (int i = 0; i < 100_000; i++) {
      Frame f = readFrame();
      if (f.opcode() == 0x8) {
        return f;
      }
    }
    throw new IOException("no close frame");
  }

  /**
   * Waits for the server to close the TCP connection: true on EOF or a reset, false if data
   * arrived instead. Times out (an exception) after the read timeout.
   */
  public boolean awaitEof() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException e) {
      return true; // connection reset
    }
  }

  /** Reads until EOF (or reset), discarding; false if the read timeout passes first. */
  public boolean drainToEof() throws IOException {
    byte[] buf = new byte[8192];
    try {
      for (int i = 0; i < 1_000_000; i++) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("server closed the connection");
    }
    return b;
  }

  public byte[] readExactly(int n) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException("server closed the connection after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return b;
  }

  public static byte[] closePayload(int code) {
    return new byte[] {(byte) (code >> 8), (byte) code};
  }

  public static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
