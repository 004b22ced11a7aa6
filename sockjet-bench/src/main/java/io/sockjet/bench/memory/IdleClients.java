package io.sockjet.bench.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Opens N WebSocket connections to 127.0.0.1:port with plain blocking sockets (a minimal
 * handshake: this measures the server, not a client), prints READY, and holds them until its
 * standard input closes, or for a given number of seconds (so a script that runs it in the
 * background, with no input to close, still gets a process that ends by itself). Each request
 * carries its own Sec-WebSocket-Key, as RFC 6455 §4.1 requires and real clients do, so a server
 * that shares what requests have in common gets no credit for requests that are all alike.
 *
 * <p>With {@code warm}, each connection then sends a text message and a ping and reads the pong
 * before going idle, so the server holds what a connection keeps after some traffic.
 *
 * <p>Idle is not deaf: a thread answers the server's pings (RFC 6455 §5.5.2: an endpoint "MUST
 * send a Pong frame in response"), as browsers do. A server that drops peers which do not answer
 * its keepalive pings (Java-WebSocket by default: a ping every 60 s, closed after 90 s without a
 * pong) would otherwise close the oldest connections while the last ones are still connecting,
 * and be measured holding fewer connections than counted.
 */
public final class IdleClients {

  private IdleClients() {}

  /**
   * Args: port, count, and optionally how many seconds to hold the connections (-1: until the
   * standard input closes) and {@code warm}.
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    long holdSeconds = args.length > 2 ? Long.parseLong(args[2]) : -1;
    boolean warm = args.length > 3 && args[3].equals("warm");
    // Masked with a zero key, so the payload reads as it is: text "hello", then an empty ping.
    byte[] traffic = {(byte) 0x81, (byte) 0x85, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o',
        (byte) 0x89, (byte) 0x80, 0, 0, 0, 0};
    SplittableRandom random = new SplittableRandom(1);
    byte[] nonce = new byte[16];
    List<Socket> sockets = new ArrayList<>(count);
    Thread ponger = new Thread(() -> answerPings(sockets), "ponger");
    ponger.setDaemon(true);
    ponger.start();
    byte[] buf = new byte[1024];
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      random.nextBytes(nonce);
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      int n = 0;
      while (!new String(buf, 0, n, StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          throw new IllegalStateException("server closed connection " + i);
        }
        n += r;
      }
      if (!new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("connection " + i + " not upgraded: "
            + new String(buf, 0, n, StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
      }
      if (warm) {
        out.write(traffic);
        if (in.readNBytes(2)[0] != (byte) 0x8A) {
          throw new IllegalStateException("connection " + i + ": no pong");
        }
      }
      synchronized (sockets) {
        sockets.add(s);
      }
      if ((i + 1) % 2000 == 0) {
        System.out.println((i + 1) + " connected");
      }
    }
    System.out.println("READY");
    System.out.flush();
    if (holdSeconds >= 0) {
      Thread.sleep(holdSeconds * 1000);
    } else {
      while (System.in.read() >= 0) {
        // hold the connections until the parent closes our input
      }
    }
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /**
   * Every second, looks at each connection for frames from the server and answers pings with a
   * pong of the same payload (masked with a zero key); other frames are read and dropped. A
   * connection whose server closed it, or that fails, is left alone.
   */
  private static void answerPings(List<Socket> sockets) {
    byte[] payload = new byte[125];
    while (true) {
      int n;
      synchronized (sockets) {
        n = sockets.size();
      }
      for (int i = 0; i < n; i++) {
        Socket s;
        synchronized (sockets) {
          s = sockets.get(i);
        }
        try {
          InputStream in = s.getInputStream();
          while (!s.isClosed() && in.available() >= 2) {
            int b0 = in.read();
            int b1 = in.read();
            long len = b1 & 0x7f;
            if (len == 126) {
              len = ((long) in.read() << 8) | in.read();
            } else if (len == 127) {
              len = 0;
              for (int k = 0; k < 8; k++) {
                len = (len << 8) | in.read();
              }
            }
            if ((b0 & 0x0f) == 0x9 && len <= payload.length) { // a ping: control, so <= 125
              int m = (int) len;
              if (in.readNBytes(payload, 0, m) != m) {
                break;
              }
              byte[] pong = new byte[6 + m];
              pong[0] = (byte) 0x8A;
              pong[1] = (byte) (0x80 | m); // masked, with the all-zero key: the payload as it is
              System.arraycopy(payload, 0, pong, 6, m);
              s.getOutputStream().write(pong);
            } else {
              in.skipNBytes(len);
            }
          }
        } catch (IOException | RuntimeException e) {
          // The server closed this one, or it broke: nothing to answer.
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
