package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's loop services: ticks, watches, adopted sockets, bound ports, IPv6. */
@Timeout(60)
class ServerLoopApiIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void everyTicksRepeatedlyAndStopsAfterRemoval() throws Exception {
    server = EventRecorder.server(events).start();
    AtomicInteger ticks = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    Registration r = server.every(Duration.ofMillis(20), () -> {
      ticks.incrementAndGet();
      three.countDown();
    });
    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    r.remove();
    // Let a tick already running finish; then no more may come.
    Thread.sleep(100);
    int afterRemoval = ticks.get();
    Thread.sleep(300);
    assertThat(ticks.get()).isEqualTo(afterRemoval);
  }

  @Test
  void scheduleRunsOnce() throws Exception {
    server = EventRecorder.server(events).start();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    server.schedule(Duration.ofMillis(20), () -> {
      runs.incrementAndGet();
      ran.countDown();
    });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void watchSeesDataWrittenToAPipe() throws Exception {
    server = EventRecorder.server(events).start();
    Pipe pipe = Pipe.open();
    try {
      pipe.source().configureBlocking(false);
      CompletableFuture<String> seen = new CompletableFuture<>();
      StringBuilder got = new StringBuilder();
      server.watch(pipe.source(), SelectionKey.OP_READ, (watch, ops) -> {
        ByteBuffer buf = ByteBuffer.allocate(64);
        try {
          int n = pipe.source().read(buf);
          if (n > 0) {
            got.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          seen.completeExceptionally(e);
        }
        if (got.toString().equals("wake up")) {
          seen.complete(got.toString());
          watch.cancel();
        }
      });
      pipe.sink().write(ByteBuffer.wrap("wake up".getBytes(StandardCharsets.UTF_8)));
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("wake up");
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  @Test
  void aCancelledWatchCallsItsWatcherNoMore() throws Exception {
    server = EventRecorder.server(events).start();
    Pipe pipe = Pipe.open();
    try {
      LinkedBlockingQueue<Thread> calls = new LinkedBlockingQueue<>();
      ChannelWatch watch = server.watch(pipe.source(), SelectionKey.OP_READ, (w, ready) -> {
        assertThat(ready & SelectionKey.OP_READ).isNotZero();
        drain(pipe.source());
        calls.add(Thread.currentThread());
      });
      assertThat(watch.channel()).isSameAs(pipe.source());
      assertThat(pipe.source().isBlocking()).isFalse(); // switched by watch()
      assertThat(watch.interestOps()).isEqualTo(SelectionKey.OP_READ);
      assertThat(watch.isActive()).isTrue();

      send(pipe, "one");
      Thread watcherThread = calls.poll(10, TimeUnit.SECONDS);
      assertThat(watcherThread).isNotNull();
      assertThat(onExecutor(watch)).isSameAs(watcherThread); // the executor is the watcher's loop

      watch.cancel();
      assertThat(watch.isActive()).isFalse();
      onExecutor(watch); // queued behind the cancellation: the loop has processed it
      calls.clear();
      send(pipe, "two");
      assertThat(calls.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(pipe.source().isOpen()).isTrue(); // cancelling does not close the channel
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  @Test
  void interestOpsZeroPausesAWatchUntilInterestReturns() throws Exception {
    server = EventRecorder.server(events).start();
    Pipe pipe = Pipe.open();
    try {
      LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
      ChannelWatch watch = server.watch(pipe.source(), SelectionKey.OP_READ,
          (w, ready) -> got.add(drain(pipe.source())));
      watch.interestOps(0);
      onExecutor(watch); // the pause has reached the loop
      send(pipe, "held");
      assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(watch.isActive()).isTrue(); // paused, not cancelled

      watch.interestOps(SelectionKey.OP_READ);
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("held");
      assertThatThrownBy(() -> watch.interestOps(SelectionKey.OP_WRITE))
          .isInstanceOf(IllegalArgumentException.class); // a pipe's source is not writable
      watch.cancel();
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  @Test
  void aWatcherThatThrowsEndsItsWatchAndTheServerGoesOn() throws Exception {
    server = EventRecorder.server(events).start();
    Pipe pipe = Pipe.open();
    try {
      AtomicInteger calls = new AtomicInteger();
      ChannelWatch watch = server.watch(pipe.source(), SelectionKey.OP_READ, (w, ready) -> {
        calls.incrementAndGet();
        drain(pipe.source());
        throw new IllegalStateException("watcher bug (expected by the test)");
      });
      send(pipe, "boom");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (watch.isActive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(watch.isActive()).isFalse();
      send(pipe, "again");
      onExecutor(watch);
      Thread.sleep(100);
      assertThat(calls.get()).isEqualTo(1);
      assertThat(pipe.source().isOpen()).isTrue();
      try (RawPeer peer = RawPeer.open(server.port())) {
        assertThat(events.awaitOpen()).isNotNull(); // the loop serves connections still
      }
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  private static void send(Pipe pipe, String text) throws IOException {
    pipe.sink().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads what the (non-blocking) channel holds now. */
  private static String drain(ReadableByteChannel source) {
    ByteBuffer buf = ByteBuffer.allocate(256);
    try {
      source.read(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  /** Runs a task on the watch's executor and waits for it; returns the thread it ran on. */
  private static Thread onExecutor(ChannelWatch watch) throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    watch.executor().execute(() -> ran.complete(Thread.currentThread()));
    return ran.get(10, TimeUnit.SECONDS);
  }

  @Test
  void adoptCompletesAHandshakeWhoseFirstBytesWereReadElsewhere() throws Exception {
    server = EventRecorder.server(events).start();
    try (ServerSocketChannel other = ServerSocketChannel.open()) {
      other.bind(new InetSocketAddress("127.0.0.1", 0));
      int otherPort = ((InetSocketAddress) other.getLocalAddress()).getPort();
      try (RawPeer peer = RawPeer.connect(otherPort)) {
        peer.send(RawPeer.upgradeRequest("/adopted", ""));
        SocketChannel accepted = other.accept();
        // Another component read the first bytes (say, to route by path), then hands the socket over.
        ByteBuffer first = ByteBuffer.allocate(20);
        while (first.hasRemaining()) {
          if (accepted.read(first) < 0) {
            throw new IOException("EOF");
          }
        }
        first.flip();
        server.adopt(accepted, first);
        RawPeer.Reply reply = peer.readReply();
        assertThat(reply.status()).isEqualTo(101);
        assertThat(reply.header("Sec-WebSocket-Accept")).isEqualTo(RawPeer.SAMPLE_ACCEPT);
        WebSocket ws = events.awaitOpen();
        assertThat(ws.request().path()).isEqualTo("/adopted");
        peer.sendText("adopted");
        assertThat(events.awaitText()).isEqualTo("adopted");
      }
    }
  }

  @Test
  void portZeroReportsTheBoundPort() throws Exception {
    server = EventRecorder.server(events).port(0).start();
    int port = server.port();
    assertThat(port).isBetween(1, 65535);
    try (RawPeer peer = RawPeer.open(port)) {
      events.awaitOpen();
    }
  }

  @Test
  void servesIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    assumeTrue(v6 instanceof Inet6Address && ipv6LoopbackWorks(), "IPv6 loopback unavailable");
    server = EventRecorder.server(events).host("::1").start();
    try (RawPeer peer = RawPeer.connect(new InetSocketAddress(v6, server.port()))) {
      assertThat(peer.upgrade("/", "").status()).isEqualTo(101);
      WebSocket ws = events.awaitOpen();
      assertThat(ws.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
      peer.sendText("v6");
      assertThat(events.awaitText()).isEqualTo("v6");
    }
  }

  private static boolean ipv6LoopbackWorks() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
