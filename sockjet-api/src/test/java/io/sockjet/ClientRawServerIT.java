package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.testkit.Hex;
import io.sockjet.testkit.RawFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against a server made of hand-written bytes, so both what the client accepts and
 * exactly what it sends can be checked. The mask key is fixed (0x37fa213d, RFC 6455 §5.7's) so
 * client frames have known bytes.
 */
@Timeout(30)
class ClientRawServerIT {
  static final int KEY = 0x37fa213d;
  RawServer peer;
  WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    peer = new RawServer();
    client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofMillis(500))
        .maskKeySource(() -> () -> KEY).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    peer.close();
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + peer.port() + "/raw");
  }

  static Throwable cause(CompletableFuture<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the future succeeded");
  }

  @Test
  void clientFramesAreMaskedWithTheSourcesKey() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    assertThat(peer.requestHead).startsWith("GET /raw HTTP/1.1\r\n");
    ws.sendText("Hello");
    // RFC 6455 §5.7: "A single-frame masked text message" with key 37 fa 21 3d.
    assertThat(Hex.of(peer.read(11))).isEqualTo(Hex.of(Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58")));
  }

  @Test
  void eachConnectionGetsItsOwnKeySupplierAndEachFrameTakesItsNextKey() throws Exception {
    client.close();
    AtomicInteger suppliers = new AtomicInteger();
    client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofMillis(500))
        .maskKeySource(() -> {
          suppliers.incrementAndGet();
          int[] next = {0};
          return () -> ++next[0]; // keys 00 00 00 01, 00 00 00 02, ...: this connection's own
        }).build();
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    ws.sendText("a");
    ws.sendText("b");
    // A one-byte payload is XORed with its key's first byte, 00 in both: 'a' and 'b' stay 61, 62.
    assertThat(Hex.of(peer.read(14))).isEqualTo("81 81 00 00 00 01 61 81 81 00 00 00 02 62");
    assertThat(suppliers.get()).isEqualTo(1);
  }

  @Test
  void maskedServerFrameIsRejectedWith1002() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    // RFC 6455 §5.1: "A client MUST close a connection if it detects a masked frame."
    peer.write(RawFrame.of(1).payload("hi").mask(0x01020304).bytes());
    // A masked close frame with code 1002 (03 ea ^ 37 fa = 34 10) and a short reason.
    byte[] head = peer.read(2);
    assertThat(head[0] & 0xff).isEqualTo(0x88);
    assertThat(head[1] & 0x80).isEqualTo(0x80);
    byte[] rest = peer.read(4 + (head[1] & 0x7f));
    assertThat(Hex.of(java.util.Arrays.copyOf(rest, 6))).isEqualTo("37 fa 21 3d 34 10");
    peer.socket.close();
    CloseEvent event = ws.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(event.code()).isEqualTo(1002);
    assertThat(event.remote()).isFalse();
  }

  @Test
  void badAcceptKeyFails() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    Throwable e = cause(f);
    assertThat(e).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) e).kind())
        .isEqualTo(WebSocketHandshakeException.Kind.BAD_ACCEPT_KEY);
    assertThat(((WebSocketHandshakeException) e).status()).isEqualTo(101);
  }

  @Test
  void unrequestedSubprotocolFails() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching("Sec-WebSocket-Protocol: mqtt\r\n"));
    Throwable e = cause(f);
    assertThat(((WebSocketHandshakeException) e).kind())
        .isEqualTo(WebSocketHandshakeException.Kind.UNEXPECTED_SUBPROTOCOL);
  }

  @Test
  void unrequestedExtensionFails() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching("Sec-WebSocket-Extensions: permessage-deflate\r\n"));
    Throwable e = cause(f);
    assertThat(((WebSocketHandshakeException) e).kind())
        .isEqualTo(WebSocketHandshakeException.Kind.UNEXPECTED_EXTENSION);
  }

  @Test
  void refusalCarriesStatusAndBodyByContentLength() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 9\r\n\r\nno entry!").getBytes(StandardCharsets.ISO_8859_1));
    WebSocketHandshakeException e = (WebSocketHandshakeException) cause(f);
    assertThat(e.kind()).isEqualTo(WebSocketHandshakeException.Kind.UNEXPECTED_STATUS);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.bodyText()).isEqualTo("no entry!");
    assertThat(e.headers().get("Content-Type")).containsExactly("text/plain");
  }

  @Test
  void refusalBodyIsReadUntilTheServerCloses() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write("HTTP/1.1 403 Forbidden\r\n\r\nfirst part ".getBytes(StandardCharsets.UTF_8));
    Thread.sleep(50);
    peer.write("and the rest".getBytes(StandardCharsets.UTF_8));
    peer.socket.shutdownOutput();
    WebSocketHandshakeException e = (WebSocketHandshakeException) cause(f);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.bodyText()).isEqualTo("first part and the rest");
  }

  @Test
  void fragmentsWithAnInterleavedPingAreAssembledAndThePingAnsweredMasked() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    CompletableFuture<Message> next = ws.nextMessage();
    peer.write(RawFrame.of(1).fin(false).payload("Hel").bytes(),
        RawFrame.of(9).payload("p").bytes(),
        RawFrame.of(0).payload("lo").bytes());
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(new Message.Text("Hello"));
    // Pong "p" masked: 0x70 ^ 0x37 = 0x47.
    assertThat(Hex.of(peer.read(7))).isEqualTo(Hex.of(Hex.bytes("8a 81 37 fa 21 3d 47")));
  }

  @Test
  void firstFrameInTheSameSegmentAsThe101IsDelivered() throws Exception {
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    CompletableFuture<WebSocket> f = client.connect(uri(), new WebSocketListener() {
      @Override
      public void onText(WebSocket ws, String text) {
        texts.add(text);
      }
    });
    peer.accept().write(peer.switching(""), RawFrame.of(1).payload("first").bytes(),
        RawFrame.of(1).payload("second").bytes());
    f.get(5, TimeUnit.SECONDS);
    assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
  }

  @Test
  void serverThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    long start = System.nanoTime();
    ws.close(1000, "");
    assertThat(Hex.of(peer.read(8))).isEqualTo(Hex.of(Hex.bytes("88 82 37 fa 21 3d 34 12")));
    CloseEvent event = ws.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    assertThat(event.code()).isEqualTo(1006);
    assertThat(event.clean()).isFalse();
  }

  @Test
  void afterTheClosingHandshakeTheClientWaitsForTheServerToCloseTcpThenGivesUp() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write(peer.switching(""));
    WebSocket ws = f.get(5, TimeUnit.SECONDS);
    long start = System.nanoTime();
    // The server starts the close; the client answers and waits for TCP to close (RFC 6455 §7.1.1).
    peer.write(RawFrame.of(8).payload(Hex.bytes("03 e8")).bytes());
    assertThat(Hex.of(peer.read(8))).isEqualTo(Hex.of(Hex.bytes("88 82 37 fa 21 3d 34 12")));
    Thread.sleep(200);
    assertThat(ws.closeFuture()).isNotDone();
    CloseEvent event = ws.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    assertThat(event.code()).isEqualTo(1000);
    assertThat(event.remote()).isTrue();
  }

  @Test
  void serverClosingTcpBeforeTheResponseFails() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().socket.close();
    assertThat(cause(f)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void malformedResponseFails() throws Exception {
    CompletableFuture<WebSocket> f = client.connect(uri());
    peer.accept().write("SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    WebSocketHandshakeException e = (WebSocketHandshakeException) cause(f);
    assertThat(e.kind()).isEqualTo(WebSocketHandshakeException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void invalidUrisAreRejectedAtOnce() {
    assertThatThrownBy(() -> client.connect(URI.create("http://127.0.0.1/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1/#frag")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
