package io.sockjet.bench.memory;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Opens N WebSocket connections to 127.0.0.1:port offering permessage-deflate as Chromium does,
 * with plain blocking sockets, prints READY, then on each line "MESSAGE" from its standard input
 * sends one compressed 2 KiB text message on every connection and reads every echo, printing
 * DONE. Holds the connections until its standard input closes.
 */
public final class CompressedClients {

  private CompressedClients() {}

  /** Args: port, count. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    List<Socket> sockets = new ArrayList<>(count);
    byte[] buf = new byte[4096];
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.getOutputStream().write(request);
      InputStream in = s.getInputStream();
      int n = 0;
      while (!new String(buf, 0, n, StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          throw new IllegalStateException("server closed connection " + i);
        }
        n += r;
      }
      sockets.add(s);
    }
    System.out.println("READY");
    System.out.flush();
    byte[] frame = compressedTextFrame();
    int c;
    StringBuilder line = new StringBuilder();
    while ((c = System.in.read()) >= 0) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      if (line.toString().equals("MESSAGE")) {
        for (Socket s : sockets) {
          OutputStream out = s.getOutputStream();
          out.write(frame);
          out.flush();
        }
        for (Socket s : sockets) {
          readFrame(s.getInputStream());
        }
        System.out.println("DONE");
        System.out.flush();
      }
      line.setLength(0);
    }
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** A masked text frame with RSV1: 2 KiB of chat-like text, compressed as RFC 7692 §7.2.1 says. */
  private static byte[] compressedTextFrame() {
    byte[] text = "{\"user\":\"someone\",\"text\":\"hello there, how is it going?\"}\n"
        .repeat(36).getBytes(StandardCharsets.UTF_8);
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(text);
    byte[] out = new byte[text.length + 64];
    int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH) - 4; // strip 00 00 ff ff
    d.end();
    byte[] payload = Arrays.copyOf(out, n);
    byte[] frame = new byte[2 + 4 + n];
    frame[0] = (byte) 0xc1; // FIN, RSV1, text
    frame[1] = (byte) (0x80 | n); // masked; n < 126 for this payload
    if (n >= 126) {
      throw new IllegalStateException("payload of " + n + " bytes needs a longer header");
    }
    // Mask key 0: masking is required, its key may be anything.
    System.arraycopy(payload, 0, frame, 6, n);
    return frame;
  }

  private static void readFrame(InputStream in) throws Exception {
    int b1 = in.read() & 0xff;
    b1 = in.read();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = (len << 8) | in.read();
      }
    }
    in.readNBytes((int) len);
  }
}
