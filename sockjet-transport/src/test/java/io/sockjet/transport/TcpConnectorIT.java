package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpConnectorIT {
  private final EventLoopGroup group = new EventLoopGroup(1, "conn", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  private CompletableFuture<Channel> connect(int port, Duration timeout) {
    return TcpConnector.connect("127.0.0.1", port, timeout, new RecordingHandler(), group.next(), null);
  }

  @Test
  void connectsAndExchangesBytes() throws Exception {
    TcpServer server = TcpServer.builder(group, () -> new RecordingHandler(true)).bind(Loopback.any());
    RecordingHandler client = new RecordingHandler();
    Channel channel =
        TcpConnector.connect(
                "127.0.0.1",
                server.localAddress().getPort(),
                Loopback.WAIT,
                client,
                group.next(),
                null)
            .get(20, TimeUnit.SECONDS);
    assertThat(channel.remoteAddress()).isEqualTo(server.localAddress());
    channel.write(ByteBuffer.wrap(new byte[] {9, 8, 7}));
    assertThat(client.awaitBytes(3, Loopback.WAIT)).containsExactly(9, 8, 7);
  }

  @Test
  void refusedConnectionFailsWithConnectException() throws Exception {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = probe.getLocalPort();
    }
    assertThat(connect(freePort, Loopback.WAIT))
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ConnectException.class);
  }

  @Test
  void unresolvableHostFailsWithUnknownHostException() {
    // An invalid IPv6 literal fails inside InetAddress without any DNS traffic.
    assertThat(
            TcpConnector.connect(
                "[1::g]", 80, Loopback.WAIT, new RecordingHandler(), group.next(), null))
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(UnknownHostException.class);
  }

  @Test
  void timeoutBoundsAResolutionThatNeverFinishes() {
    CompletableFuture<Channel> attempt =
        TcpConnector.connect(
            "127.0.0.1",
            9,
            Duration.ofMillis(200),
            new RecordingHandler(),
            group.next(),
            null,
            task -> {}); // a resolver that never runs its task
    assertThat(attempt)
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void timeoutBoundsAConnectToAServerWhoseBacklogIsFull() throws Exception {
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocket neverAccepts =
        new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) neverAccepts.getLocalSocketAddress();
      // Linux queues backlog + 1 completed connections, then drops further SYNs.
      for (int i = 0; i < 8; i++) {
        SocketChannel filler = SocketChannel.open();
        filler.configureBlocking(false);
        filler.connect(address);
        fillers.add(filler);
      }
      CompletableFuture<Channel> attempt = connect(address.getPort(), Duration.ofMillis(500));
      Throwable failure =
          attempt.handle((channel, error) -> error).get(20, TimeUnit.SECONDS);
      assumeThat(failure).as("kernel dropped SYNs to the full backlog").isNotNull();
      assertThat(failure).isInstanceOf(SocketTimeoutException.class);
    } finally {
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }
}
