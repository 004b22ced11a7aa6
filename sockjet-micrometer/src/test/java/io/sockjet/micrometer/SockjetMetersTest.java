package io.sockjet.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sockjet.Message;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server's and a client's figures, read through a Micrometer registry. */
@Timeout(60)
class SockjetMetersTest {

  @Test
  void theRegistrySeesWhatTheServerAndTheClientDid() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").eventLoops(1)
        .listener(new WebSocketListener() {
          @Override
          public void onText(WebSocket ws, String text) {
            ws.sendText(text);
          }
        }).start();
    try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      SockjetMeters.of(server, Tags.of("app", "test")).bindTo(registry);
      SockjetMeters.of(client, Tags.empty()).bindTo(registry);
      WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"))
          .get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        ws.sendText("m" + i);
        assertThat(ws.nextMessage().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("m" + i));
      }
      assertThat(registry.get("sockjet.messages.in").tags("side", "server", "app", "test")
          .functionCounter().count()).isEqualTo(3);
      assertThat(registry.get("sockjet.messages.in").tags("side", "client").functionCounter()
          .count()).isEqualTo(3);
      assertThat(registry.get("sockjet.connections.open").tags("side", "server").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("sockjet.connects").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("sockjet.bytes.out").tags("side", "server").functionCounter().count())
          .isPositive();
    } finally {
      server.shutdown(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
    }
  }
}
