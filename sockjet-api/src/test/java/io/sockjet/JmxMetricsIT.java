package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers and clients as MBeans, and the client's own counters. */
@Timeout(60)
class JmxMetricsIT {
  final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

  @Test
  void aServerAndAClientAreMBeansWhileTheyRunAndCountWhatTheyDo() throws Exception {
    WebSocketServer server = EventRecorder.server(EventRecorder.ECHO).start();
    ObjectName serverName = new ObjectName("io.sockjet:type=WebSocketServer,port=" + server.port());
    WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();
    try {
      assertThat(jmx.isRegistered(serverName)).isTrue();
      Set<ObjectName> clients = jmx.queryNames(new ObjectName("io.sockjet:type=WebSocketClient,*"), null);
      assertThat(clients).isNotEmpty();

      WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"))
          .get(10, TimeUnit.SECONDS);
      ws.sendText("counted");
      assertThat(ws.nextMessage().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("counted"));
      assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:1/")).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);

      ClientMetrics m = client.metrics();
      assertThat(m.openConnections()).isEqualTo(1);
      assertThat(m.connects()).isEqualTo(1);
      assertThat(m.failedConnects()).isEqualTo(1);
      assertThat(m.messagesOut()).isEqualTo(1);
      assertThat(m.messagesIn()).isEqualTo(1);
      assertThat(m.bytesOut()).isPositive();

      assertThat(jmx.getAttribute(serverName, "OpenConnections")).isEqualTo(1);
      assertThat((Long) jmx.getAttribute(serverName, "MessagesIn")).isEqualTo(1L);
      ObjectName clientName = clients.stream()
          .filter(n -> {
            try {
              return Long.valueOf(1).equals(jmx.getAttribute(n, "FailedConnects"));
            } catch (Exception e) {
              return false;
            }
          }).findFirst().orElseThrow();
      assertThat(jmx.getAttribute(clientName, "Connects")).isEqualTo(1L);
      assertThat(jmx.getMBeanInfo(serverName).getAttributes()).extracting(a -> a.getName())
          .contains("OpenConnections", "BytesOut", "PeerHeldLimit");

      client.close();
      assertThat(jmx.isRegistered(clientName)).as("gone with the client").isFalse();
    } finally {
      client.close();
      EventRecorder.stop(server);
    }
    assertThat(jmx.isRegistered(serverName)).as("gone with the server").isFalse();
  }
}
