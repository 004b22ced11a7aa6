package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One set of {@link EventLoops} shared by a server and a client, owned by the user. */
@Timeout(60)
class EventLoopsIT {

  @Test
  void aServerAndAClientRunOnSharedLoopsThatStopOnlyWhenTheirOwnerClosesThem() throws Exception {
    EventLoops loops = EventLoops.create(2);
    try {
      assertThat(loops.size()).isEqualTo(2);
      WebSocketServer server = EventRecorder.server(EventRecorder.ECHO).eventLoops(loops).start();
      Set<Thread> loopThreads = threadsOf(server, 2);
      assertThat(loopThreads).hasSize(2); // round-robin over two loops: both threads seen

      CompletableFuture<Thread> clientThread = new CompletableFuture<>();
      WebSocketClient client = WebSocketClient.builder().eventLoops(loops)
          .listener(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
              clientThread.complete(Thread.currentThread());
            }
          }).build();
      WebSocket ws = client.connect(uri(server)).get(10, TimeUnit.SECONDS);
      CompletableFuture<Message> reply = ws.nextMessage();
      ws.sendText("shared");
      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("shared"));
      assertThat(clientThread.get(10, TimeUnit.SECONDS)).isIn(loopThreads);

      client.shutdown(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
      // Neither stopped the loops: they are the user's, and serve a new server at once.
      assertThat(loopThreads).allMatch(Thread::isAlive);
      WebSocketServer next = EventRecorder.server(EventRecorder.ECHO).eventLoops(loops).start();
      assertThat(threadsOf(next, 2)).isEqualTo(loopThreads);
      next.shutdown(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
      assertThat(loopThreads).allMatch(Thread::isAlive);

      loops.close();
      for (Thread t : loopThreads) {
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
      assertThat(loopThreads).noneMatch(Thread::isAlive);
    } finally {
      loops.close(); // idempotent
    }
  }

  @Test
  void shutdownCompletesWhenTheLoopsHaveEnded() throws Exception {
    EventLoops loops = EventLoops.create(1);
    WebSocketServer server = EventRecorder.server(EventRecorder.ECHO).eventLoops(loops).start();
    Set<Thread> threads = threadsOf(server, 1);
    server.shutdown(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
    loops.shutdown(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10)); // the future completes as the loop's run ends
    }
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThat(loops.shutdown(Duration.ZERO)).isDone(); // idempotent
  }

  @Test
  void aCountSetAfterSharedLoopsReplacesThem() throws Exception {
    try (EventLoops loops = EventLoops.create(1)) {
      WebSocketServer server =
          EventRecorder.server(EventRecorder.ECHO).eventLoops(loops).eventLoops(1).start();
      try {
        Set<Thread> own = threadsOf(server, 1);
        assertThat(own).allMatch(t -> t.getName().startsWith("sockjet-server"));
      } finally {
        EventRecorder.stop(server);
      }
    }
  }

  @Test
  void closingFromOneOfTheLoopsIsRefused() throws Exception {
    EventLoops loops = EventLoops.create(1);
    try {
      WebSocketServer server = EventRecorder.server(EventRecorder.ECHO).eventLoops(loops).start();
      try {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        server.loopExecutor().execute(() -> {
          try {
            loops.close();
            thrown.complete(null);
          } catch (Throwable t) {
            thrown.complete(t);
          }
        });
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
      } finally {
        EventRecorder.stop(server);
      }
    } finally {
      loops.close();
    }
  }

  @Test
  void fewerThanOneLoopIsRefused() {
    assertThatThrownBy(() -> EventLoops.create(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The threads of the loops a server runs on, found by running a task on each in turn. */
  private static Set<Thread> threadsOf(WebSocketServer server, int loops) throws Exception {
    Set<Thread> threads = new HashSet<>();
    for (int i = 0; i < loops; i++) {
      Executor loop = server.loopExecutor(); // each call picks the next loop
      CompletableFuture<Thread> t = new CompletableFuture<>();
      loop.execute(() -> t.complete(Thread.currentThread()));
      threads.add(t.get(10, TimeUnit.SECONDS));
    }
    return threads;
  }

  private static URI uri(WebSocketServer server) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/");
  }
}
