package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.internal.ConnectionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults that keep a server safe without configuration, on both sides. */
class DefaultLimitsTest {
  @Test
  void keepaliveIsOnByDefaultOnBothSides() {
    for (ConnectionSettings s : new ConnectionSettings[] {
        WebSocketServer.builder().settings(), WebSocketClient.builder().settings()}) {
      assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(20));
      assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(20));
    }
    assertThat(WebSocketServer.builder().noKeepalive().settings().pingInterval()).isNull();
  }

  @Test
  void theQueueCapFitsTheLargestMessageThisSideMaySend() {
    ConnectionSettings s = WebSocketServer.builder().settings();
    assertThat(s.maxQueuedBytes()).isGreaterThan(s.maxOutgoingMessage());
    assertThat(s.maxQueuedBytes()).isGreaterThanOrEqualTo(s.limits().maxMessageSize());
    ConnectionSettings bigger = WebSocketServer.builder().maxOutgoingMessageSize(200L << 20)
        .settings();
    assertThat(bigger.maxQueuedBytes()).as("follows the outgoing limit")
        .isGreaterThan(200L << 20);
    assertThat(WebSocketServer.builder().maxQueuedBytes(4096).settings().maxQueuedBytes())
        .as("an explicit cap stays").isEqualTo(4096);
  }
}
