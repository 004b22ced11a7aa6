package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelLifecycleIT {
  private final EventLoopGroup group = new EventLoopGroup(1, "life", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void pausedChannelDeliversNothingUntilResumed() throws Exception {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          void opened(Channel channel) {
            channel.pauseReading();
          }
        };
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      assertThat(channel.isReadingPaused()).isTrue();
      peer.getOutputStream().write("held back".getBytes(StandardCharsets.US_ASCII));
      // Give the loop several chances to (wrongly) read: tasks run after each I/O round.
      for (int i = 0; i < 20; i++) {
        channel.whenFlushed().get(20, TimeUnit.SECONDS);
        Thread.sleep(5);
      }
      assertThat(handler.receivedCount()).isZero();
      channel.resumeReading();
      assertThat(new String(handler.awaitBytes(9, Loopback.WAIT), StandardCharsets.US_ASCII))
          .isEqualTo("held back");
    }
  }

  @Test
  void shutdownOutputSendsEofButKeepsReading() throws Exception {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          void opened(Channel channel) {
            channel.write(ascii("bye"));
            channel.shutdownOutput();
            assertThat(channel.write(ascii("too late"))).isEqualTo(WriteResult.CLOSED);
          }
        };
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      InputStream in = peer.getInputStream();
      assertThat(in.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("bye");
      peer.getOutputStream().write("still talking".getBytes(StandardCharsets.US_ASCII));
      assertThat(handler.awaitBytes(13, Loopback.WAIT))
          .asString(StandardCharsets.US_ASCII)
          .isEqualTo("still talking");
      peer.shutdownOutput();
      // Both directions are now shut: the channel closes itself, without a cause.
      handler.inputClosed.get(20, TimeUnit.SECONDS);
      assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    }
    assertThat(handler.violation).isNull();
  }

  @Test
  void abortResetsTheConnection() throws Exception {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          public void onRead(Channel channel, ByteBuffer data) {
            // Abort on the peer's first byte, so the reset cannot race the peer's connect.
            channel.write(ByteBuffer.allocate(10));
            channel.abort();
          }
        };
    AtomicInteger made = new AtomicInteger();
    TcpServer server = TcpServer.builder(group,
        () -> made.getAndIncrement() == 0 ? handler : new RecordingHandler()).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      peer.getOutputStream().write(1);
      assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
      InputStream in = peer.getInputStream();
      assertThatThrownBy(
              () -> {
                // The ten bytes may or may not be readable before the reset is reported.
                for (int i = 0; i < 11; i++) {
                  if (in.read() < 0) {
                    return;
                  }
                }
              })
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void gracefulCloseFlushesQueuedBytesBeforeClosing() throws Exception {
    int size = 8 * 1024 * 1024;
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          void opened(Channel channel) {
            ByteBuffer data = ByteBuffer.allocate(size);
            for (int i = 0; i < size; i++) {
              data.put((byte) i);
            }
            assertThat(channel.write(data.flip())).isEqualTo(WriteResult.QUEUED);
            channel.close();
          }
        };
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      byte[] all = peer.getInputStream().readAllBytes();
      assertThat(all).hasSize(size);
      for (int i = 0; i < size; i++) {
        if (all[i] != (byte) i) {
          throw new AssertionError("byte " + i + " differs");
        }
      }
      assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    }
  }

  @Test
  void throwingHandlerClosesTheChannelWithItsException() throws Exception {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          public void onRead(Channel channel, ByteBuffer data) {
            throw new IllegalStateException("handler bug (expected by test)");
          }
        };
    AtomicInteger made = new AtomicInteger();
    TcpServer server = TcpServer.builder(group,
        () -> made.getAndIncrement() == 0 ? handler : new RecordingHandler()).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      peer.getOutputStream().write(1);
      assertThat(handler.closed.get(20, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("handler bug");
      assertThat(peer.getInputStream().read()).isEqualTo(-1);
      RecordingHandler.awaitTrue(() -> server.connectionCount() == 0, Loopback.WAIT, "count");
    }
    // The loop survived: it still accepts.
    try (Socket again = Loopback.connect(server.localAddress())) {
      assertThat(again.isConnected()).isTrue();
      RecordingHandler.awaitTrue(() -> server.connectionCount() == 1, Loopback.WAIT, "count");
    }
  }

  @Test
  void tcpNoDelayIsOnByDefaultAndChangeable() throws Exception {
    RecordingHandler handler = new RecordingHandler(true);
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      channel.setTcpNoDelay(false);
      channel.attach("state");
      assertThat(channel.attachment()).isEqualTo("state");
      assertThat(channel.remoteAddress().getPort()).isEqualTo(peer.getLocalPort());
      assertThat(channel.localAddress()).isEqualTo(server.localAddress());
      peer.getOutputStream().write(7);
      assertThat(peer.getInputStream().read()).isEqualTo(7);
    }
  }

  @Test
  void replacedHandlerGetsEveryLaterEventAndTheOldOneNone() throws Exception {
    RecordingHandler next = new RecordingHandler();
    AtomicInteger oldReads = new AtomicInteger();
    AtomicInteger oldCloses = new AtomicInteger();
    ChannelHandler preamble =
        new ChannelHandler() {
          @Override
          public void onRead(Channel channel, ByteBuffer data) {
            oldReads.incrementAndGet();
            data.get(); // the one-byte preamble; the rest of this read is the next handler's
            channel.setHandler(next);
            next.onRead(channel, data);
          }

          @Override
          public void onClose(Channel channel, Throwable cause) {
            oldCloses.incrementAndGet();
          }
        };
    TcpServer server = TcpServer.builder(group, () -> preamble).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      peer.getOutputStream().write("!ab".getBytes(StandardCharsets.US_ASCII));
      assertThat(next.awaitBytes(2, Loopback.WAIT)).asString(StandardCharsets.US_ASCII)
          .isEqualTo("ab");
      peer.getOutputStream().write("cd".getBytes(StandardCharsets.US_ASCII));
      assertThat(next.awaitBytes(4, Loopback.WAIT)).asString(StandardCharsets.US_ASCII)
          .isEqualTo("abcd");
      peer.shutdownOutput();
      next.inputClosed.get(20, TimeUnit.SECONDS);
      assertThat(next.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    }
    assertThat(oldReads).hasValue(1);
    assertThat(oldCloses).hasValue(0);
    assertThat(next.violation).isNull();
  }

  @Test
  void handlerCannotBeReplacedOffTheLoop() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      assertThatThrownBy(() -> channel.setHandler(new RecordingHandler()))
          .isInstanceOf(IllegalStateException.class);
      peer.getOutputStream().write(7);
      assertThat(handler.awaitBytes(1, Loopback.WAIT)).containsExactly(7);
    }
  }
}
