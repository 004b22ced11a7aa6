package io.sockjet.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of Redis that can go silent towards the connections that
 * subscribed: {@link #freezeSubscribers} keeps their sockets open and forwards what they send,
 * but drops what Redis sends them. That is a subscriber that looks up and receives nothing, as
 * behind a NAT or a firewall that forgot the connection, which no close and no error reveals.
 * New connections are passed through as usual.
 */
final class FreezingProxy implements AutoCloseable {
  private final int target;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  /** One proxied connection: its client's socket and Redis's. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean subscriber;
    volatile boolean frozen;

    Link(Socket client) throws IOException {
      this.client = client;
      this.upstream = new Socket(InetAddress.getLoopbackAddress(), target);
    }

    void start() {
      daemon(() -> pipe(client, upstream, true), "proxy-up").start();
      daemon(() -> pipe(upstream, client, false), "proxy-down").start();
    }

    private void pipe(Socket from, Socket to, boolean up) {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) != -1; ) {
          if (up && !subscriber && new String(buffer, 0, n, StandardCharsets.ISO_8859_1)
              .contains("SUBSCRIBE")) {
            subscriber = true; // SUBSCRIBE or SSUBSCRIBE: the node's subscribing connection
          }
          if (up || !frozen) {
            out.write(buffer, 0, n);
          }
        }
      } catch (IOException closed) {
        // One side went; the other follows.
      } finally {
        close();
      }
    }

    void close() {
      try {
        client.close();
        upstream.close();
      } catch (IOException ignored) {
        // Closing.
      }
    }
  }

  FreezingProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "proxy-accept").start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** From now on, Redis's bytes to every connection that subscribed so far are dropped. */
  void freezeSubscribers() {
    links.stream().filter(l -> l.subscriber).forEach(l -> l.frozen = true);
  }

  private void accept() {
    try {
      while (true) {
        Link link = new Link(server.accept());
        links.add(link);
        link.start();
      }
    } catch (IOException closed) {
      // The proxy is closed.
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws IOException {
    server.close();
    links.forEach(Link::close);
  }
}
