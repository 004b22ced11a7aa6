package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.frame.Opcode;
import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's byte counters count every byte read exactly once. */
@Timeout(60)
class ServerMetricsIT {

  @Test
  void framesSentWithTheUpgradeRequestAreCountedOnce() throws Exception {
    EventRecorder events = new EventRecorder();
    WebSocketServer server = EventRecorder.server(events).start();
    try (RawPeer peer = RawPeer.connect(server.port())) {
      byte[] head = RawPeer.upgradeRequest("/", "").getBytes(StandardCharsets.ISO_8859_1);
      byte[] frame = RawFrame.of(Opcode.TEXT).payload("first").mask(0x01020304).bytes();
      // One write: the server reads the head and the first frame together.
      peer.send(RawFrame.concat(head, frame));
      assertThat(events.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(server.metrics().bytesIn()).isEqualTo(head.length + frame.length);
    } finally {
      EventRecorder.stop(server);
    }
  }
}
