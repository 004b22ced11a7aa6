package io.sockjet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP CONNECT proxy for tests: accepts on 127.0.0.1, reads {@code CONNECT host:port},
 * checks Basic credentials if configured (407 otherwise), connects and pipes bytes both ways, a
 * thread per direction. Records each CONNECT target.
 */
final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String credentials;
  final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** {@code credentials} is "user:password", or null for none required. */
  ConnectProxy(String credentials) throws IOException {
    this.credentials = credentials;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "test-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> handle(client), "test-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          client.close();
          return;
        }
        head.write(b);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      OutputStream out = client.getOutputStream();
      if (!requestLine[0].equals("CONNECT")) {
        out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes());
        client.close();
        return;
      }
      if (credentials != null) {
        String expected = "Basic " + Base64.getEncoder()
            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        boolean ok = false;
        for (String line : lines) {
          if (line.toLowerCase().startsWith("proxy-authorization:")
              && line.substring(line.indexOf(':') + 1).trim().equals(expected)) {
            ok = true;
          }
        }
        if (!ok) {
          out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
              + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n").getBytes());
          client.close();
          return;
        }
      }
      String target = requestLine[1];
      targets.add(target);
      int colon = target.lastIndexOf(':');
      String host = target.substring(0, colon).replace("[", "").replace("]", "");
      Socket upstream = new Socket(host, Integer.parseInt(target.substring(colon + 1)));
      sockets.add(upstream);
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes());
      out.flush();
      Thread back = new Thread(() -> pipe(upstream, client), "test-proxy-pipe");
      back.setDaemon(true);
      back.start();
      pipe(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(ConnectProxy::closeQuietly);
  }
}
