package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TlsIT {
  private static final int MIB = 1024 * 1024;
  private static SelfSignedCertificate localhost;

  private final EventLoopGroup group = new EventLoopGroup(2, "tls", NanoClock.SYSTEM);

  @BeforeAll
  static void certificate() {
    localhost = SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1");
  }

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  private TcpServer echoServer(SelfSignedCertificate cert, Duration handshakeTimeout)
      throws Exception {
    return TcpServer.builder(group, () -> new RecordingHandler(true))
        .tls(TlsConfig.server(cert.serverContext()).withHandshakeTimeout(handshakeTimeout))
        .bind(Loopback.any());
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  @Test
  void oneMebibyteEchoThroughOurClient() throws Exception {
    TcpServer server = echoServer(localhost, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    RecordingHandler client = new RecordingHandler();
    Channel channel =
        TcpConnector.connect(
                "127.0.0.1",
                server.localAddress().getPort(),
                Loopback.WAIT,
                client,
                group.next(),
                TlsConfig.client(localhost.clientContext()))
            .get(20, TimeUnit.SECONDS);
    assertThat(client.opened).isDone(); // onOpen ran before the future completed
    assertThat(channel.isTls()).isTrue();
    byte[] payload = random(MIB);
    for (int off = 0; off < payload.length; off += 10_000) {
      channel.write(ByteBuffer.wrap(payload, off, Math.min(10_000, payload.length - off)));
    }
    assertThat(client.awaitBytes(MIB, Loopback.WAIT)).isEqualTo(payload);
    assertThat(channel.bytesWritten()).isGreaterThan(MIB); // ciphertext carries record overhead
    channel.close();
    assertThat(client.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    assertThat(client.violation).isNull();
  }

  @Test
  void oneMebibyteEchoThroughAJdkSslSocket() throws Exception {
    TcpServer server = echoServer(localhost, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    byte[] payload = random(MIB);
    try (SSLSocket socket =
        (SSLSocket)
            localhost
                .clientContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", server.localAddress().getPort())) {
      socket.setSoTimeout(Loopback.SO_TIMEOUT_MS);
      socket.startHandshake();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  for (int off = 0; off < payload.length; off += 7_000) {
                    out.write(payload, off, Math.min(7_000, payload.length - off));
                  }
                  out.flush();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      byte[] echoed = Loopback.readFully(socket.getInputStream(), payload.length);
      writer.get(20, TimeUnit.SECONDS);
      assertThat(echoed).isEqualTo(payload);
    }
  }

  @Test
  void hostNameVerificationRejectsACertificateForAnotherName() throws Exception {
    SelfSignedCertificate other = SelfSignedCertificate.generate("dns:wrong.example");
    TcpServer server = echoServer(other, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    RecordingHandler client = new RecordingHandler();
    CompletableFuture<Channel> attempt =
        TcpConnector.connect(
            "127.0.0.1",
            server.localAddress().getPort(),
            Loopback.WAIT,
            client,
            group.next(),
            TlsConfig.client(other.clientContext()));
    assertThat(attempt)
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SSLHandshakeException.class);
    assertThat(client.opened).isNotDone(); // no event for a channel that never opened
    assertThat(client.closed).isNotDone();

    // The same certificate is accepted once verification is switched off.
    Channel lenient =
        TcpConnector.connect(
                "127.0.0.1",
                server.localAddress().getPort(),
                Loopback.WAIT,
                new RecordingHandler(),
                group.next(),
                TlsConfig.client(other.clientContext()).withHostnameVerification(false))
            .get(20, TimeUnit.SECONDS);
    assertThat(lenient.isOpen()).isTrue();
  }

  @Test
  void untrustedServerCertificateFailsTheConnect() throws Exception {
    SelfSignedCertificate stranger = SelfSignedCertificate.generate("ip:127.0.0.1");
    TcpServer server = echoServer(stranger, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    assertThat(
            TcpConnector.connect(
                "127.0.0.1",
                server.localAddress().getPort(),
                Loopback.WAIT,
                new RecordingHandler(),
                group.next(),
                TlsConfig.client(localhost.clientContext())))
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void silentClientIsDroppedWhenTheHandshakeTimesOut() throws Exception {
    TcpServer server = echoServer(localhost, Duration.ofMillis(300));
    try (Socket silent = Loopback.connect(server.localAddress())) {
      assertThat(silent.getInputStream().read()).isEqualTo(-1);
    }
    RecordingHandler.awaitTrue(() -> server.connectionCount() == 0, Loopback.WAIT, "released");
  }

  @Test
  void shutdownOutputSendsCloseNotifyAndThePeerSeesEof() throws Exception {
    RecordingHandler serverSide =
        new RecordingHandler() {
          @Override
          void opened(Channel channel) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            channel.shutdownOutput();
          }
        };
    TcpServer server =
        TcpServer.builder(group, () -> serverSide)
            .tls(TlsConfig.server(localhost.serverContext()))
            .bind(Loopback.any());
    try (SSLSocket socket =
        (SSLSocket)
            localhost
                .clientContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", server.localAddress().getPort())) {
      socket.setSoTimeout(Loopback.SO_TIMEOUT_MS);
      assertThat(socket.getInputStream().readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void pausingMidReadHoldsUndeliveredRecordsUntilResumed() throws Exception {
    CompletableFuture<Channel> pausedAfterFirstRead = new CompletableFuture<>();
    RecordingHandler serverSide =
        new RecordingHandler() {
          @Override
          public void onRead(Channel channel, ByteBuffer data) {
            super.onRead(channel, data);
            if (!pausedAfterFirstRead.isDone()) {
              channel.pauseReading();
              pausedAfterFirstRead.complete(channel);
            }
          }
        };
    TcpServer server =
        TcpServer.builder(group, () -> serverSide)
            .tls(TlsConfig.server(localhost.serverContext()))
            .bind(Loopback.any());
    byte[] payload = random(256 * 1024);
    try (SSLSocket socket =
        (SSLSocket)
            localhost
                .clientContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", server.localAddress().getPort())) {
      socket.setSoTimeout(Loopback.SO_TIMEOUT_MS);
      socket.getOutputStream().write(payload);
      socket.getOutputStream().flush();
      Channel channel = pausedAfterFirstRead.get(20, TimeUnit.SECONDS);
      int before = serverSide.receivedCount();
      for (int i = 0; i < 10; i++) {
        channel.whenFlushed().get(20, TimeUnit.SECONDS); // loop rounds while paused
      }
      assertThat(serverSide.receivedCount()).isEqualTo(before).isLessThan(payload.length);
      channel.resumeReading();
      assertThat(serverSide.awaitBytes(payload.length, Loopback.WAIT)).isEqualTo(payload);
    }
    assertThat(serverSide.violation).isNull();
  }
}
