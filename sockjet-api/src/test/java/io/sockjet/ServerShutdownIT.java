package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutting down: idempotent from any thread, and connections get 1001. */
@Timeout(60)
class ServerShutdownIT {

  @Test
  void concurrentShutdownCallsAllGetTheSameFuture() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        WebSocketServer server = EventRecorder.server(new EventRecorder()).eventLoops(1).start();
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<CompletableFuture<Void>> a = pool.submit(() -> {
          barrier.await();
          return server.shutdown(Duration.ofSeconds(1));
        });
        Future<CompletableFuture<Void>> b = pool.submit(() -> {
          barrier.await();
          return server.shutdown(Duration.ofSeconds(1));
        });
        CompletableFuture<Void> fa = a.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> fb = b.get(10, TimeUnit.SECONDS);
        assertThat(fa).as("round %d", round).isNotNull();
        assertThat(fb).as("round %d", round).isNotNull();
        fa.get(10, TimeUnit.SECONDS);
        fb.get(10, TimeUnit.SECONDS);
        server.close(); // and again, after the fact
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdownClosesOpenConnectionsWith1001() throws Exception {
    EventRecorder events = new EventRecorder();
    WebSocketServer server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.open(server.port())) {
      events.awaitOpen();
      CompletableFuture<Void> done = server.shutdown(Duration.ofSeconds(5));
      RawPeer.Frame close = peer.readClose();
      assertThat(close.closeCode()).isEqualTo(1001);
      peer.sendClose(1001, "");
      assertThat(peer.awaitEof()).isTrue();
      done.get(10, TimeUnit.SECONDS);
    }
    CloseEvent event = events.awaitClose();
    assertThat(event.code()).isEqualTo(1001);
    assertThat(event.clean()).isTrue();
  }
}
