package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpServerIT {
  private final EventLoopGroup group = new EventLoopGroup(2, "srv", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  /** True if the server closed the connection: EOF, or a reset if it closed with data unread. */
  private static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketException e) {
      return true;
    }
  }

  @Test
  void acceptFilterRefusesBeforeAnyHandlerExists() throws Exception {
    List<InetSocketAddress> asked = new CopyOnWriteArrayList<>();
    AtomicInteger handlersMade = new AtomicInteger();
    TcpServer server =
        TcpServer.builder(
                group,
                () -> {
                  handlersMade.incrementAndGet();
                  return new RecordingHandler();
                })
            .acceptFilter(
                address -> {
                  asked.add(address);
                  return false;
                })
            .bind(Loopback.any());
    try (Socket refused = Loopback.connect(server.localAddress())) {
      assertThat(closedByServer(refused)).isTrue();
      assertThat(asked).extracting(InetSocketAddress::getPort).contains(refused.getLocalPort());
    }
    assertThat(handlersMade).hasValue(0);
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void connectionsOverTheLimitAreClosedAtOnce() throws Exception {
    AtomicInteger handlersMade = new AtomicInteger();
    TcpServer server =
        TcpServer.builder(
                group,
                () -> {
                  handlersMade.incrementAndGet();
                  return new RecordingHandler(true);
                })
            .maxConnections(1)
            .bind(Loopback.any());
    try (Socket first = Loopback.connect(server.localAddress())) {
      first.getOutputStream().write(1);
      assertThat(first.getInputStream().read()).isEqualTo(1);
      try (Socket second = Loopback.connect(server.localAddress())) {
        assertThat(closedByServer(second)).isTrue();
      }
      assertThat(handlersMade).hasValue(1);
    }
    RecordingHandler.awaitTrue(() -> server.connectionCount() == 0, Loopback.WAIT, "release");
    try (Socket third = Loopback.connect(server.localAddress())) {
      third.getOutputStream().write(3);
      assertThat(third.getInputStream().read()).isEqualTo(3);
    }
  }

  @Test
  void connectionsOverTheLimitReadTheRefusalThenEof() throws Exception {
    byte[] refusal = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    AtomicInteger handlersMade = new AtomicInteger();
    TcpServer server =
        TcpServer.builder(
                group,
                () -> {
                  handlersMade.incrementAndGet();
                  return new RecordingHandler(true);
                })
            .maxConnections(1)
            .refusal(ByteBuffer.wrap(refusal))
            .bind(Loopback.any());
    // A request larger than one segment, left unread by a plain close, would make the server's
    // stack answer with a reset that can discard the refusal before the client reads it.
    byte[] request = new byte[64 * 1024];
    java.util.Arrays.fill(request, (byte) 'x');
    try (Socket first = Loopback.connect(server.localAddress())) {
      first.getOutputStream().write(1);
      assertThat(first.getInputStream().read()).isEqualTo(1);
      for (int i = 0; i < 3; i++) {
        try (Socket second = Loopback.connect(server.localAddress())) {
          second.getOutputStream().write(request);
          assertThat(second.getInputStream().readAllBytes()).as("try %d", i).isEqualTo(refusal);
        }
      }
      assertThat(handlersMade).hasValue(1);
      assertThat(server.connectionCount()).isEqualTo(1);
      first.getOutputStream().write(2);
      assertThat(first.getInputStream().read()).as("first connection still served").isEqualTo(2);
    }
  }

  @Test
  void adoptedSocketDeliversItsPreReadBytesFirst() throws Exception {
    TcpServer server = TcpServer.builder(group, RecordingHandler::new).bind(Loopback.any());
    try (ServerSocketChannel elsewhere = ServerSocketChannel.open()) {
      elsewhere.bind(Loopback.any());
      try (Socket peer = Loopback.connect((InetSocketAddress) elsewhere.getLocalAddress())) {
        peer.getOutputStream().write("GET / HTTP/1.1\r\n\r\nrest".getBytes(StandardCharsets.US_ASCII));
        SocketChannel accepted = elsewhere.accept();
        ByteBuffer head = ByteBuffer.allocate(18);
        while (head.hasRemaining()) {
          accepted.read(head);
        }
        RecordingHandler handler = new RecordingHandler(true);
        server.adopt(accepted, head.flip(), handler);
        head.clear(); // the server copied the bytes: reusing the buffer is safe
        handler.opened.get(20, TimeUnit.SECONDS);
        assertThat(handler.awaitBytes(22, Loopback.WAIT))
            .asString(StandardCharsets.US_ASCII)
            .isEqualTo("GET / HTTP/1.1\r\n\r\nrest");
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(new String(Loopback.readFully(peer.getInputStream(), 22), StandardCharsets.US_ASCII))
            .isEqualTo("GET / HTTP/1.1\r\n\r\nrest"); // echoed in order, pre-read bytes first
      }
    }
  }

  @Test
  void listensOnAServerSocketTheUserBound() throws Exception {
    ServerSocketChannel bound = ServerSocketChannel.open();
    bound.bind(Loopback.any());
    InetSocketAddress address = (InetSocketAddress) bound.getLocalAddress();
    TcpServer server = TcpServer.builder(group, () -> new RecordingHandler(true)).listen(bound);
    assertThat(server.localAddress()).isEqualTo(address);
    try (Socket peer = Loopback.connect(address)) {
      peer.getOutputStream().write(42);
      assertThat(peer.getInputStream().read()).isEqualTo(42);
    }
    server.close();
    RecordingHandler.awaitTrue(() -> !bound.isOpen(), Loopback.WAIT, "server socket closed");
  }

  @Test
  void servesIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    boolean available;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(v6, 0));
      available = true;
    } catch (IOException e) {
      available = false;
    }
    assumeThat(available).as("IPv6 loopback available").isTrue();
    TcpServer server =
        TcpServer.builder(group, () -> new RecordingHandler(true))
            .bind(new InetSocketAddress(v6, 0));
    assertThat(server.localAddress().getAddress()).isEqualTo(v6);
    RecordingHandler client = new RecordingHandler();
    Channel channel =
        TcpConnector.connect(
                "::1", server.localAddress().getPort(), Loopback.WAIT, client, group.next(), null)
            .get(20, TimeUnit.SECONDS);
    assertThat(channel.remoteAddress().getAddress()).isEqualTo(v6);
    channel.write(ByteBuffer.wrap("six".getBytes(StandardCharsets.US_ASCII)));
    assertThat(client.awaitBytes(3, Loopback.WAIT)).asString(StandardCharsets.US_ASCII).isEqualTo("six");
  }

  @Test
  void gracefulGroupShutdownClosesConnectionsAndStopsAccepting() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      handler.opened.get(20, TimeUnit.SECONDS);
      group.shutdownGracefully(java.time.Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS);
      assertThat(peer.getInputStream().read()).isEqualTo(-1);
      assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    }
    try (Socket late = new Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> late.connect(server.localAddress(), 5000))
          .isInstanceOf(IOException.class);
    }
  }
}
