package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads, one connection; throwing listeners; the handler executor's ordering. */
@Timeout(60)
class ServerConcurrencyIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;
  ExecutorService pool;

  @AfterEach
  void stop() {
    EventRecorder.stop(server);
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentSendersEachKeepTheirOrderAndNoMessageIsTornOrLost() throws Exception {
    server = EventRecorder.server(events).start();
    int threads = 8;
    int perThread = 500;
    pool = Executors.newFixedThreadPool(threads);
    try (RawPeer peer = RawPeer.open(server.port())) {
      WebSocket ws = events.awaitOpen();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        senders.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            // Padding makes some messages long enough that a torn frame would show.
            SendResult r = ws.sendText(id + ":" + i + ":" + "x".repeat(i % 7 * 40));
            if (r == SendResult.REFUSED) {
              throw new AssertionError("refused " + id + ":" + i);
            }
          }
          return null;
        }));
      }
      go.countDown();
      Map<Integer, Integer> next = new HashMap<>();
      for (int n = 0; n < threads * perThread; n++) {
        RawPeer.Frame m = peer.readMessage();
        String[] parts = m.text().split(":", 3);
        int id = Integer.parseInt(parts[0]);
        int seq = Integer.parseInt(parts[1]);
        assertThat(seq).as("thread %d's order", id).isEqualTo(next.getOrDefault(id, 0));
        assertThat(parts[2]).isEqualTo("x".repeat(seq % 7 * 40));
        next.put(id, seq + 1);
      }
      for (Future<?> f : senders) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(next).hasSize(threads).allSatisfy((id, count) -> assertThat(count).isEqualTo(perThread));
    }
  }

  @Test
  void listenerThatThrowsClosesItsConnectionWith1011AndTheLoopServesOthers() throws Exception {
    server = EventRecorder.server(new EventRecorder() {
      @Override
      public void onText(WebSocket ws, String text) {
        if (text.equals("boom")) {
          throw new IllegalStateException("listener bug, not for the peer's eyes");
        }
        ws.sendText("echo:" + text);
      }
    }).eventLoops(1).start(); // one loop: the failure and the survivor share it
    try (RawPeer bad = RawPeer.open(server.port()); RawPeer good = RawPeer.open(server.port())) {
      bad.sendText("boom");
      RawPeer.Frame close = bad.readClose();
      assertThat(close.closeCode()).isEqualTo(1011);
      assertThat(close.closeReason()).isEmpty();
      bad.sendClose(1011, "");
      assertThat(bad.awaitEof()).isTrue();

      good.sendText("still there?");
      assertThat(good.readMessage().text()).isEqualTo("echo:still there?");
    }
  }

  @Test
  void listenerThatThrowsOnTheExecutorAlsoCloses1011() throws Exception {
    pool = Executors.newFixedThreadPool(4);
    server = EventRecorder.server(new EventRecorder() {
      @Override
      public void onText(WebSocket ws, String text) {
        throw new IllegalStateException("bug");
      }
    }).executor(pool).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      peer.sendText("boom");
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1011);
      assertThat(close.closeReason()).isEmpty();
    }
  }

  @Test
  void callbacksOnTheHandlerExecutorArriveInOrderOffTheLoop() throws Exception {
    pool = Executors.newFixedThreadPool(4);
    List<String> threadNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventRecorder recorder = new EventRecorder() {
      @Override
      public void onText(WebSocket ws, String text) {
        threadNames.add(Thread.currentThread().getName());
        if (Integer.parseInt(text) % 10 == 0) {
          Thread.onSpinWait(); // vary timing a little; order must hold regardless
          Thread.yield();
        }
        super.onText(ws, text);
      }
    };
    server = EventRecorder.server(recorder).executor(pool).start();
    int count = 300;
    try (RawPeer peer = RawPeer.open(server.port())) {
      recorder.awaitOpen();
      for (int i = 0; i < count; i++) {
        peer.sendText(Integer.toString(i));
      }
      for (int i = 0; i < count; i++) {
        assertThat(recorder.awaitText()).isEqualTo(Integer.toString(i));
      }
      peer.sendClose(1000, "");
      recorder.awaitClose();
    }
    assertThat(threadNames).noneMatch(n -> n.startsWith("sockjet"));
    assertThat(recorder.log.get(0)).isEqualTo("open");
    assertThat(recorder.log.get(recorder.log.size() - 1)).startsWith("close:");
  }
}
