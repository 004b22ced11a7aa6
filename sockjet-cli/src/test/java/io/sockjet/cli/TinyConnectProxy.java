package io.sockjet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP CONNECT proxy for one connection on loopback, for the {@code --proxy} test: it keeps the
 * request head it received, answers 200 and then copies bytes both ways, on threads of its own.
 */
final class TinyConnectProxy implements AutoCloseable {
  private final ServerSocket listening =
      new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  private final CompletableFuture<String> head = new CompletableFuture<>();
  private volatile Socket client;
  private volatile Socket target;

  /** Starts listening and accepting (once). */
  TinyConnectProxy() throws IOException {
    Thread accepting = new Thread(this::serve, "tiny-proxy");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** The port it listens on. */
  int port() {
    return listening.getLocalPort();
  }

  /** The CONNECT request head as received (waits up to 10 s for it). */
  String requestHead() throws Exception {
    return head.get(10, TimeUnit.SECONDS);
  }

  private void serve() {
    try {
      client = listening.accept();
      InputStream in = client.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (!buf.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("client closed before the end of the head");
        }
        buf.write(b);
      }
      String request = buf.toString(StandardCharsets.ISO_8859_1);
      head.complete(request);
      String authority = request.split(" ", 3)[1];
      int colon = authority.lastIndexOf(':');
      target = new Socket(authority.substring(0, colon),
          Integer.parseInt(authority.substring(colon + 1)));
      client.getOutputStream().write(
          "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      Thread back = new Thread(() -> copy(target, client), "tiny-proxy-back");
      back.setDaemon(true);
      back.start();
      copy(client, target);
    } catch (IOException e) {
      head.completeExceptionally(e);
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] b = new byte[8192];
      for (int n; (n = in.read(b)) >= 0; ) {
        out.write(b, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // One side went away: the other is closed by close().
    }
  }

  @Override
  public void close() throws IOException {
    listening.close();
    for (Socket s : new Socket[] {client, target}) {
      if (s != null) {
        s.close();
      }
    }
  }
}
