package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connect failures come out typed: refused, unknown host, timeout. */
@Timeout(30)
class ClientConnectFailureIT {
  WebSocketClient client;

  @BeforeEach
  void start() {
    client = WebSocketClient.builder().eventLoops(1).connectTimeout(Duration.ofMillis(500)).build();
  }

  @AfterEach
  void stop() {
    client.close();
  }

  static Throwable cause(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("connected");
  }

  @Test
  void refusedConnectionIsAConnectException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    assertThat(cause(client.connect(URI.create("ws://127.0.0.1:" + port + "/"))))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void unknownHostIsAnUnknownHostException() throws Exception {
    // RFC 2606 §2: ".invalid" is reserved and never resolves.
    assertThat(cause(client.connect(URI.create("ws://nonexistent.invalid/"))))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void serverThatNeverAnswersTheUpgradeTimesOut() throws Exception {
    try (RawServer peer = new RawServer()) {
      long start = System.nanoTime();
      CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + peer.port() + "/"));
      peer.accept(); // reads the request, answers nothing
      Throwable e = cause(f);
      assertThat(e).isInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
    }
  }

  @Test
  void ipv6LiteralUriConnectsWhenLoopbackHasIpv6() throws Exception {
    WebSocketServer server;
    try {
      server = WebSocketServer.builder().host("::1").port(0).eventLoops(1).start();
    } catch (RuntimeException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
      return;
    }
    try {
      WebSocket ws = client.connect(URI.create("ws://[::1]:" + server.port() + "/six?q=1"))
          .get(5, TimeUnit.SECONDS);
      assertThat(ws.remoteAddress().getAddress().getHostAddress()).contains(":");
      assertThat(ws.request().header("Host")).isEqualTo("[::1]:" + server.port());
      ws.close();
    } finally {
      server.shutdown(Duration.ofSeconds(5)).join();
    }
  }
}
