package io.sockjet.bench.memory;

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
      sockets.add(s);
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
    for (Socket s : sockets) {
      s.close();
    }
  }
}
