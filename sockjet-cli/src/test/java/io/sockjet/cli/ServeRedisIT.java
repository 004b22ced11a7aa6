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

  @Test
  void aChatRoomSpansTheServersWhilePresenceStaysOnEach() throws Exception {
    RedisServer redis = RedisServer.start();
    opened.add(redis);
    ServeRunner a = ServeRunner.start("--redis", redis.uri());
    opened.add(a);
    ServeRunner b = ServeRunner.start("--redis", redis.uri());
    opened.add(b);
    Peer ada = Peer.connect(client, a.uri("/chat?room=blue&name=Ada"));
    opened.add(ada);
    Peer bob = Peer.connect(client, b.uri("/chat?room=blue&name=Bob"));
    opened.add(bob);
    assertThat(ada.next()).startsWith("{\"type\":\"welcome\"");
    assertThat(bob.next()).startsWith("{\"type\":\"welcome\"");
    b.server().topics().ready("blue").get(10, java.util.concurrent.TimeUnit.SECONDS);
    a.server().topics().ready("blue").get(10, java.util.concurrent.TimeUnit.SECONDS);
    ada.ws.sendText("hello from a");
    String heard = bob.await(t -> t.startsWith("{\"type\":\"message\""));
    assertThat(heard).isEqualTo("{\"type\":\"message\",\"name\":\"Ada\",\"text\":\"hello from a\"}");
    assertThat(ada.await(t -> t.startsWith("{\"type\":\"message\""))).isEqualTo(heard);
  }
}
