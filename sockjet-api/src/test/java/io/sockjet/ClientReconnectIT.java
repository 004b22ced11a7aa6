package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A feed client survives a server restart on the same port without user code. */
@Timeout(60)
class ClientReconnectIT {

  static WebSocketServer feed(int port) {
    return WebSocketServer.builder().host("127.0.0.1").port(port).eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            ws.sendText("hello from " + ws.localAddress().getPort());
          }
        }).start();
  }

  @Test
  void reconnectsAfterTheServerRestartsAndReceivesAgain() throws Exception {
    WebSocketServer server = feed(0);
    int port = server.port();
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
    List<String> events = new CopyOnWriteArrayList<>();
    ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(50))
        .maxDelay(Duration.ofMillis(400)).jitter(0).build();
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      ReconnectingWebSocket r = client.connectWithRetry(URI.create("ws://127.0.0.1:" + port + "/"),
          policy, new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
              texts.add(text);
            }

            @Override
            public void onClose(WebSocket ws, CloseEvent event) {
              closes.add(event);
            }
          }, new ReconnectListener() {
            @Override
            public void onReconnecting(int attempt, Duration delay, Throwable cause) {
              events.add("reconnecting " + attempt + " " + delay.toMillis() + " "
                  + (cause == null ? "lost" : cause.getClass().getSimpleName()));
            }

            @Override
            public void onConnected(WebSocket ws) {
              events.add("connected");
            }
          });
      WebSocket first = r.firstConnection().get(5, TimeUnit.SECONDS);
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("hello from " + port);

      server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      assertThat(closes.poll(5, TimeUnit.SECONDS).code()).isEqualTo(1001);
      Thread.sleep(400); // let a few attempts fail against the closed port
      server = feed(port);
      assertThat(texts.poll(10, TimeUnit.SECONDS)).isEqualTo("hello from " + port);
      assertThat(r.current()).isNotNull().isNotSameAs(first);
      assertThat(r.current().isOpen()).isTrue();

      assertThat(events.get(0)).isEqualTo("connected");
      assertThat(events.get(1)).isEqualTo("reconnecting 1 50 lost");
      assertThat(events.get(2)).isEqualTo("reconnecting 2 100 ConnectException");
      assertThat(events.get(events.size() - 1)).isEqualTo("connected");

      r.close();
      assertThat(closes.poll(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
      assertThat(r.stopped()).isDone();
      Thread.sleep(200);
      assertThat(r.current()).isNull();
      assertThat(server.connections()).isEmpty();
    } finally {
      server.shutdown(Duration.ofSeconds(5)).join();
    }
  }

  @Test
  void givesUpAfterMaxAttempts() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> events = new CopyOnWriteArrayList<>();
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      ReconnectingWebSocket r = client.connectWithRetry(URI.create("ws://127.0.0.1:" + port + "/"),
          ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).jitter(0).maxAttempts(2)
              .build(), null, new ReconnectListener() {
            @Override
            public void onReconnecting(int attempt, Duration delay, Throwable cause) {
              events.add("reconnecting " + attempt);
            }

            @Override
            public void onGaveUp(int attempts, Throwable cause) {
              events.add("gave up " + attempts + " " + cause.getClass().getSimpleName());
            }
          });
      r.stopped().get(5, TimeUnit.SECONDS);
      assertThat(r.firstConnection()).isCompletedExceptionally();
      assertThat(events).containsExactly("reconnecting 1", "reconnecting 2",
          "gave up 2 ConnectException");
    }
  }

  @Test
  void sendsEveryKindOfMessageAndNeverSendsTheTailOfAMessageBegunOnALostConnection()
      throws Exception {
    EventRecorder events = new EventRecorder();
    WebSocketServer server = EventRecorder.server(events).start();
    int port = server.port();
    ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(50))
        .maxDelay(Duration.ofMillis(200)).jitter(0).build();
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      ReconnectingWebSocket r = client.connectWithRetry(URI.create("ws://127.0.0.1:" + port + "/"),
          policy, null, null);
      r.firstConnection().get(5, TimeUnit.SECONDS);
      WebSocket serverSide = events.awaitOpen();
      MessageSender sender = r; // the same sending API as a WebSocket
      ByteBuffer blob = ByteBuffer.wrap(new byte[] {1, 2, 3});
      assertThat(sender.sendBinary(blob)).isNotEqualTo(SendResult.REFUSED);
      assertThat(events.binaries.poll(5, TimeUnit.SECONDS)).isEqualTo(blob);
      ByteBuffer ping = ByteBuffer.wrap(new byte[] {7});
      assertThat(sender.ping(ping)).isNotEqualTo(SendResult.REFUSED);
      assertThat(events.pings.poll(5, TimeUnit.SECONDS)).isEqualTo(ping);
      sender.flushed().get(5, TimeUnit.SECONDS);

      // A message begun on a connection that is then lost: its tail is refused on the next one.
      assertThat(sender.sendTextFragment("begun on the first, ", false))
          .isNotEqualTo(SendResult.REFUSED);
      WebSocket first = r.current();
      serverSide.close(1001, "going away");
      events.awaitClose();
      events.awaitOpen();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((r.current() == null || r.current() == first || !r.current().isOpen())
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(sender.sendTextFragment("the tail", true)).isEqualTo(SendResult.REFUSED);
      assertThat(sender.sendText("whole")).isNotEqualTo(SendResult.REFUSED);
      assertThat(events.awaitText()).as("the tail never became a message").isEqualTo("whole");
      r.close();
      events.awaitClose();
    } finally {
      EventRecorder.stop(server);
    }
  }
}
