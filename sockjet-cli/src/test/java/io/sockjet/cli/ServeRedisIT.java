package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketClient;
import io.sockjet.redis.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code serve --pubsub --redis}: two servers on one real Redis share their topics. */
@Timeout(120)
class ServeRedisIT {
  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    client.close();
  }

  @Test
  void aPublishOnOneServerReachesTheSubscribersOfTheOther() throws Exception {
    RedisServer redis = RedisServer.start();
    opened.add(redis);
    ServeRunner a = ServeRunner.start("--pubsub", "--redis", redis.uri());
    opened.add(a);
    ServeRunner b = ServeRunner.start("--pubsub", "--redis", redis.uri());
    opened.add(b);
    Peer onA = Peer.connect(client, a.uri("/"));
    opened.add(onA);
    Peer onB = Peer.connect(client, b.uri("/"));
    opened.add(onB);
    Peer publisher = Peer.connect(client, b.uri("/"));
    opened.add(publisher);
    onA.ws.sendText("sub news");
    assertThat(onA.next()).isEqualTo("ok sub news");
    onB.ws.sendText("sub news");
    assertThat(onB.next()).isEqualTo("ok sub news");
    // "ok sub" came once Redis had confirmed server A's subscription: nothing is missed.
    publisher.ws.sendText("pub news across servers");
    assertThat(onA.next()).isEqualTo("msg news across servers");
    assertThat(onB.next()).isEqualTo("msg news across servers");
  }
}
