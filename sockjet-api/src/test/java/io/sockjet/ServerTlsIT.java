package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.testkit.RawPeer;
import io.sockjet.testkit.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wss:// end to end: the JDK WebSocket client over TLS, trusting a self-signed certificate. */
@Timeout(60)
class ServerTlsIT {
  static SelfSignedCertificate cert;
  static WebSocketServer server;

  @BeforeAll
  static void start() {
    cert = SelfSignedCertificate.generate("ip:127.0.0.1", "dns:localhost");
    server = EventRecorder.server(EventRecorder.ECHO).tls(cert.serverContext()).start();
  }

  @AfterAll
  static void stop() {
    EventRecorder.stop(server);
  }

  @Test
  void wssEchoesTextAndOneMebibyteBinary() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(cert.clientContext()).build();
    JdkClientEchoIT.Recorder r = new JdkClientEchoIT.Recorder();
    java.net.http.WebSocket ws = client.newWebSocketBuilder()
        .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/secure"), r)
        .get(20, TimeUnit.SECONDS);
    ws.sendText("over TLS κόσμε", true).get(10, TimeUnit.SECONDS);
    assertThat(r.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("over TLS κόσμε");
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 13 + (i >> 9));
    }
    ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
    assertThat((byte[]) r.messages.poll(20, TimeUnit.SECONDS)).isEqualTo(big);
    ws.sendClose(1000, "done").get(10, TimeUnit.SECONDS);
    assertThat(r.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1000);
    // The JDK's client may stop once its facade is collected; keep it alive to the end.
    java.lang.ref.Reference.reachabilityFence(client);
  }

  @Test
  void plainTextClientCannotSpeakToATlsServer() throws Exception {
    try (RawPeer peer = RawPeer.connect(server.port())) {
      peer.send(RawPeer.upgradeRequest("/", ""));
      // No HTTP answer: the TLS layer rejects the bytes (an alert or a plain close).
      byte[] head = new byte[5];
      int n = 0;
      try {
        n = peer.in.read(head);
      } catch (java.net.SocketException reset) {
        n = -1;
      }
      assertThat(n <= 0 || head[0] != 'H').isTrue();
    }
  }
}
