package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelEchoIT {
  private final EventLoopGroup group = new EventLoopGroup(2, "echo", NanoClock.SYSTEM);
  private final List<RecordingHandler> handlers = new ArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
    for (RecordingHandler h : handlers) {
      assertThat(h.violation).isNull();
    }
  }

  private TcpServer echoServer() throws Exception {
    return TcpServer.builder(
            group,
            () -> {
              RecordingHandler h = new RecordingHandler(true);
              synchronized (handlers) {
                handlers.add(h);
              }
              return h;
            })
        .bind(Loopback.any());
  }

  @Test
  void sixteenMebibytesRoundTripThroughAPlainSocket() throws Exception {
    TcpServer server = echoServer();
    assertThat(server.localAddress().getPort()).isPositive();
    byte[] payload = new byte[16 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    try (Socket socket = Loopback.connect(server.localAddress())) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  for (int off = 0; off < payload.length; off += 100_000) {
                    out.write(payload, off, Math.min(100_000, payload.length - off));
                  }
                  out.flush();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      byte[] echoed = Loopback.readFully(socket.getInputStream(), payload.length);
      writer.get(30, TimeUnit.SECONDS);
      assertThat(echoed).isEqualTo(payload);
    }
    RecordingHandler h = handlers.get(0);
    // The peer closed: input ends, the handler sees EOF; closing ours reports no cause.
    h.inputClosed.get(20, TimeUnit.SECONDS);
    Channel ch = h.opened.get();
    assertThat(ch.bytesRead()).isEqualTo(payload.length);
    assertThat(ch.bytesWritten()).isEqualTo(payload.length);
    ch.close();
    assertThat(h.closed.get(20, TimeUnit.SECONDS)).isSameAs(RecordingHandler.NO_CAUSE);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void twoHundredConnectionsAtOnceOverTwoLoops() throws Exception {
    TcpServer server = echoServer();
    int clients = 200;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Socket> sockets = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        sockets.add(Loopback.connect(server.localAddress()));
      }
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Socket s = sockets.get(i);
        byte[] msg = ("client " + i + " says hello").repeat(50).getBytes();
        results.add(
            pool.submit(
                () -> {
                  s.getOutputStream().write(msg);
                  InputStream in = s.getInputStream();
                  byte[] back = Loopback.readFully(in, msg.length);
                  assertThat(back).isEqualTo(msg);
                  return back;
                }));
      }
      for (Future<byte[]> f : results) {
        f.get(30, TimeUnit.SECONDS);
      }
      RecordingHandler.awaitTrue(
          () -> server.connectionCount() == clients, Loopback.WAIT, "all counted");
      // Both loops carry connections.
      long distinctLoops;
      synchronized (handlers) {
        distinctLoops =
            handlers.stream().map(h -> h.opened.join().loop()).distinct().count();
      }
      assertThat(distinctLoops).isEqualTo(2);
      for (Socket s : sockets) {
        s.close();
      }
      synchronized (handlers) {
        for (RecordingHandler h : handlers) {
          h.inputClosed.get(20, TimeUnit.SECONDS);
          h.opened.join().close();
        }
      }
      RecordingHandler.awaitTrue(
          () -> server.connectionCount() == 0, Loopback.WAIT, "all closed");
    } finally {
      pool.shutdownNow();
    }
  }
}
