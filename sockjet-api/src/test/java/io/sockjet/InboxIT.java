package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nextMessage() and receive(): the next message, whether it came before or after the call. */
@Timeout(120)
class InboxIT {
  final EventRecorder events = new EventRecorder();
  WebSocketServer server;
  WebSocketClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    EventRecorder.stop(server);
  }

  private WebSocket connect() throws Exception {
    client = WebSocketClient.builder().eventLoops(1).build();
    return client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"))
        .get(10, TimeUnit.SECONDS);
  }

  /** The README's client example, ten thousand times: no reply is lost to the race. */
  @Test
  void theReadmeExampleNeverLosesAReply() throws Exception {
    server = EventRecorder.server(EventRecorder.ECHO).start();
    WebSocket ws = connect();
    for (int i = 0; i < 10_000; i++) {
      ws.sendText("hi " + i);
      Message reply = ws.nextMessage().get(10, TimeUnit.SECONDS);
      assertThat(reply).isEqualTo(new Message.Text("hi " + i));
    }
  }

  @Test
  void aMessageSentWithTheOpenWaitsForItsTaker() throws Exception {
    server = EventRecorder.server(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.sendText("welcome");
        ws.sendBinary(new byte[] {1, 2});
      }
    }).start();
    WebSocket ws = connect();
    Thread.sleep(200); // both have arrived before anyone asks
    assertThat(ws.receive(Duration.ofSeconds(5))).isEqualTo(new Message.Text("welcome"));
    Message binary = ws.nextMessage().get(5, TimeUnit.SECONDS);
    assertThat(((Message.Binary) binary).data().array()).containsExactly(1, 2);
  }

  @Test
  void aReceiveThatTimesOutTakesNothing() throws Exception {
    server = EventRecorder.server(events).start();
    WebSocket ws = connect();
    WebSocket serverSide = events.awaitOpen();
    assertThatThrownBy(() -> ws.receive(Duration.ofMillis(100)))
        .isInstanceOf(TimeoutException.class);
    serverSide.sendText("later");
    assertThat(ws.receive(Duration.ofSeconds(5))).isEqualTo(new Message.Text("later"));
    CompletableFuture<Message> cancelled = ws.nextMessage();
    cancelled.cancel(false);
    serverSide.sendText("after a cancel");
    assertThat(ws.receive(Duration.ofSeconds(5))).as("given back, not lost")
        .isEqualTo(new Message.Text("after a cancel"));
  }

  @Test
  void aFullInboxStopsReadingAndLosesNothing() throws Exception {
    server = EventRecorder.server(events).start();
    WebSocket ws = connect();
    WebSocket serverSide = events.awaitOpen();
    int total = 5_000;
    String big = "x".repeat(2_000); // 5,000 of them pass the 4 MiB bound
    for (int i = 0; i < total; i++) {
      serverSide.sendText(i + " " + big);
    }
    // The client stopped reading: what it does not hold waits in the server's queue or the kernel.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (serverSide.queuedBytes() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(serverSide.queuedBytes()).as("the server holds what the client would not read")
        .isPositive();
    for (int i = 0; i < total; i++) {
      Message m = ws.receive(Duration.ofSeconds(10));
      assertThat(((Message.Text) m).text()).isEqualTo(i + " " + big);
    }
  }

  @Test
  void afterTheCloseWhatWasKeptIsStillGivenThenTakersFail() throws Exception {
    server = EventRecorder.server(events).start();
    WebSocket ws = connect();
    WebSocket serverSide = events.awaitOpen();
    serverSide.sendText("last words");
    serverSide.close(1000, "bye");
    events.awaitClose();
    ws.closeFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.nextMessage().get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("last words"));
    assertThatThrownBy(() -> ws.nextMessage().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> ws.receive(Duration.ofSeconds(1)))
        .isInstanceOf(ClosedChannelException.class);
  }
}
