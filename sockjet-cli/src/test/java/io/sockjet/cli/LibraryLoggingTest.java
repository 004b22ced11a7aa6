package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.Message;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library is quiet in production: a server and a client that start, exchange a message and
 * stop log nothing at INFO or above (README: "says nothing at INFO when a server starts"). Read
 * through java.util.logging, where System.Logger goes when nothing else is configured; this
 * module reads java.logging, which the library's own modules do not.
 */
@Timeout(60)
class LibraryLoggingTest {

  @Test
  void aServerAndAClientLogNothingAtInfoOrAboveInAQuietLife() throws Exception {
    Logger library = Logger.getLogger("io.sockjet");
    Level before = library.getLevel();
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    library.setLevel(Level.ALL);
    library.addHandler(capture);
    try {
      WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").eventLoops(1)
          .listener(new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
              ws.sendText(text);
            }
          }).start();
      try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"))
            .get(10, TimeUnit.SECONDS);
        ws.sendText("hello");
        assertThat(ws.nextMessage().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("hello"));
        ws.close(1000, "done");
        ws.closeFuture().get(10, TimeUnit.SECONDS);
      } finally {
        server.shutdown(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
      }
    } finally {
      library.removeHandler(capture);
      library.setLevel(before);
    }
    assertThat(records).as("the library did log something (at a lower level): the capture works")
        .isNotEmpty();
    assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .extracting(LogRecord::getMessage).isEmpty();
  }
}
