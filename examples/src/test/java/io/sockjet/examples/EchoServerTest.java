package io.sockjet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoServerTest extends ExampleServerTest {
  @Override
  WebSocketServer start() {
    return EchoServer.start(0);
  }

  @Test
  void echoesTextAndBinary() throws Exception {
    TestClient c = connect("/any/path");
    c.ws.sendText("hello");
    c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xff}));
    assertEquals("hello", c.next());
    assertEquals("binary:0102ff", c.next());
  }

  @Test
  void clientsGetGoingAwayWhenTheServerShutsDown() throws Exception {
    TestClient c = connect("/");
    server.shutdown(Duration.ofSeconds(5)).join();
    assertEquals(1001, c.awaitClose().code());
  }
}
