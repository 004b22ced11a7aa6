package io.sockjet.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens the raw drivers' connections: TCP connects and upgrade requests in windows of {@link
 * Connector#WINDOW}, so no accept backlog overflows, then the 101 responses read through one
 * selector, which the driver's loop goes on using. Checks each answer is 101 and negotiated no
 * extension. Used by one thread.
 */
final class RawConnector {
  /** The longest response head accepted; real ones are a few hundred bytes. */
  private static final int MAX_HEAD = 8192;

  private RawConnector() {}

  /** Opens {@code count} connections to {@code address}, registered with {@code selector}. */
  static List<RawConnection> open(Selector selector, InetSocketAddress address, String path,
      int count) throws IOException {
    List<RawConnection> open = new ArrayList<>(count);
    while (open.size() < count) {
      int batch = Math.min(Connector.WINDOW, count - open.size());
      List<Handshake> waiting = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        waiting.add(start(selector, address, path));
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      int done = 0;
      while (done < batch) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no upgrade response within 30 s after " + open.size()
              + " connections");
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Handshake h = (Handshake) key.attachment();
          if (h.read()) {
            key.attach(h.connection);
            h.connection.key = key;
            open.add(h.connection);
            done++;
          }
        }
        selector.selectedKeys().clear();
      }
    }
    return open;
  }

  private static Handshake start(Selector selector, InetSocketAddress address, String path)
      throws IOException {
    SocketChannel channel = SocketChannel.open(address); // blocking connect
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":"
        + address.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) {
      channel.write(out);
    }
    channel.configureBlocking(false);
    int mask;
    do {
      mask = ThreadLocalRandom.current().nextInt();
    } while (mask == 0); // a zero key would let a server skip unmasking
    Handshake h = new Handshake(new RawConnection(channel, mask));
    channel.register(selector, SelectionKey.OP_READ, h);
    return h;
  }

  /** One connection waiting for its 101. */
  private static final class Handshake {
    final RawConnection connection;
    final ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);

    Handshake(RawConnection connection) {
      this.connection = connection;
    }

    /** Reads what arrived; true once the whole head is in and checked. */
    boolean read() throws IOException {
      if (connection.channel.read(head) < 0) {
        throw new IOException("server closed the connection during the handshake");
      }
      String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        if (!head.hasRemaining()) {
          throw new IOException("response head over " + MAX_HEAD + " bytes");
        }
        return false;
      }
      String headText = text.substring(0, end);
      if (!headText.startsWith("HTTP/1.1 101")) {
        throw new IOException("not upgraded: " + headText.lines().findFirst().orElse(""));
      }
      if (headText.toLowerCase(Locale.ROOT).contains("\r\nsec-websocket-extensions:")) {
        throw new IOException("the server negotiated an extension: " + headText);
      }
      // Frames that came with the head (a server may send at once) are the first input.
      head.flip().position(end + 4);
      connection.leftover = ByteBuffer.allocate(head.remaining()).put(head).flip();
      return true;
    }
  }
}
