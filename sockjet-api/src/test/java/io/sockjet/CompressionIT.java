package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate end to end: the server against a raw client that compresses and inflates
 * with {@code java.util.zip} (what a browser would send, byte for byte), the memory budget,
 * compress-once broadcast, a decompression bomb, a slow reader, and Sockjet's client against
 * its server in every memory mode.
 */
@Timeout(60)
class CompressionIT {
  static final Compression EVERY_MESSAGE = Compression.sharedCompressor().toBuilder().threshold(0).build();
  static final String CHROMIUM_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

  final List<AutoCloseable> resources = new ArrayList<>();
  WebSocketServer server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
    EventRecorder.stop(server);
  }

  WebSocketServer echoServer(Compression compression) {
    server = WebSocketServer.builder().host("127.0.0.1").eventLoops(1).listener(EventRecorder.ECHO)
        .compression(compression).start();
    return server;
  }

  RawPeer rawPeer(String extensionHeaderLine) throws Exception {
    RawPeer peer = RawPeer.connect(server.port());
    resources.add(peer);
    assertThat(peer.upgrade("/", extensionHeaderLine).status()).isEqualTo(101);
    return peer;
  }

  /** Raw DEFLATE with a sync flush and the tail stripped: a compressed message per RFC 7692 §7.2.1. */
  static byte[] compress(byte[] data) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    byte[] out = new byte[data.length + 64];
    int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    d.end();
    return Arrays.copyOf(out, n - 4);
  }

  /** Puts the tail back and inflates (RFC 7692 §7.2.2). */
  static byte[] inflate(Inflater inflater, byte[] payload) throws Exception {
    inflater.setInput(ByteBuffer.allocate(payload.length + 4).put(payload)
        .put(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}).flip());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = inflater.inflate(buf)) > 0 || !inflater.needsInput()) {
      out.write(buf, 0, n);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
    }
    return out.toByteArray();
  }

  // ----------------------------------------------------------------- negotiation on the wire

  @Test
  void shutdownEndsThePooledCompressorsOfTheLoopsItStops() throws Exception {
    WebSocketServer own = echoServer(Compression.shared().toBuilder().threshold(0).build());
    WebSocketClient client = WebSocketClient.builder().eventLoops(1)
        .compression(Compression.shared().toBuilder().threshold(0).build()).build();
    resources.add(client);
    MessageQueue received = new MessageQueue();
    WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + own.port() + "/"), received)
        .get(10, TimeUnit.SECONDS);
    String text = "compress me ".repeat(100);
    ws.sendText(text);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(text));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (own.compression().idle() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5); // shared mode gives the codec back to its loop's pool after each message
    }
    assertThat(own.compression().idle()).as("pooled after the message").isPositive();
    own.shutdown(java.time.Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertThat(own.compression().idle()).as("ended by the shutdown").isZero();
  }

  @Test
  void answersChromiumsOfferAndCompressesBothWays() throws Exception {
    echoServer(EVERY_MESSAGE);
    RawPeer peer = rawPeer(CHROMIUM_OFFER);
    String answer = peer.lastReply.header("Sec-WebSocket-Extensions");
    assertThat(answer).startsWith("permessage-deflate").contains("server_no_context_takeover");

    byte[] text = "hello hello hello compressed κόσμε".getBytes(StandardCharsets.UTF_8);
    Inflater inflater = new Inflater(true);
    for (int i = 0; i < 3; i++) {
      peer.send(RawFrame.of(0x1).rsv(4).payload(compress(text)).mask(RawPeer.MASK));
      RawPeer.Frame echo = peer.readFrame();
      assertThat(echo.rsv()).as("RSV1: compressed").isEqualTo(4);
      assertThat(echo.opcode()).isEqualTo(0x1);
      assertThat(inflate(inflater, echo.payload())).isEqualTo(text);
      inflater.reset(); // server_no_context_takeover: each message starts afresh
    }
    assertThat(server.metrics().compressedConnections()).isEqualTo(1);
  }

  @Test
  void aClientThatOffersNothingIsServedUncompressed() throws Exception {
    echoServer(EVERY_MESSAGE);
    RawPeer peer = rawPeer("");
    assertThat(peer.lastReply.header("Sec-WebSocket-Extensions")).isNull();
    peer.sendText("plain");
    RawPeer.Frame echo = peer.readFrame();
    assertThat(echo.rsv()).isZero();
    assertThat(echo.text()).isEqualTo("plain");
    // RSV1 on a connection without the extension: 1002 (RFC 6455 §5.2).
    peer.send(RawFrame.of(0x1).rsv(4).payload(compress("x".getBytes(StandardCharsets.UTF_8))).mask(RawPeer.MASK));
    assertThat(peer.readClose().closeCode()).isEqualTo(1002);
  }

  @Test
  void aServerWithoutCompressionIgnoresTheOffer() throws Exception {
    echoServer(null);
    RawPeer peer = rawPeer(CHROMIUM_OFFER);
    assertThat(peer.lastReply.header("Sec-WebSocket-Extensions")).isNull();
  }

  // ----------------------------------------------------------------- memory

  @Test
  void theBudgetServesConnectionsPastItUncompressedAndRefillsOnClose() throws Exception {
    long perConnection = Zlib.deflaterBytes(15, 8) + Zlib.inflaterBytes(15);
    echoServer(Compression.dedicated().toBuilder().memoryBudget(2 * perConnection).build());
    RawPeer first = rawPeer(CHROMIUM_OFFER);
    RawPeer second = rawPeer(CHROMIUM_OFFER);
    RawPeer third = rawPeer(CHROMIUM_OFFER);
    assertThat(first.lastReply.header("Sec-WebSocket-Extensions")).isNotNull();
    assertThat(second.lastReply.header("Sec-WebSocket-Extensions")).isNotNull();
    assertThat(third.lastReply.header("Sec-WebSocket-Extensions")).as("over budget").isNull();
    assertThat(server.metrics().compressionReservedBytes()).isEqualTo(2 * perConnection);
    assertThat(server.metrics().compressionRefusals()).isEqualTo(1);

    first.sendClose(1000, "");
    first.readClose();
    assertThat(first.awaitEof()).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.metrics().compressionReservedBytes() != perConnection && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.metrics().compressionReservedBytes()).isEqualTo(perConnection);
    assertThat(rawPeer(CHROMIUM_OFFER).lastReply.header("Sec-WebSocket-Extensions")).isNotNull();
  }

  @Test
  void sharedModeReservesNothingPerConnection() throws Exception {
    echoServer(Compression.shared().toBuilder().memoryBudget(0).threshold(0).build());
    RawPeer peer = rawPeer(CHROMIUM_OFFER);
    assertThat(peer.lastReply.header("Sec-WebSocket-Extensions"))
        .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    assertThat(server.metrics().compressionReservedBytes()).isZero();
  }

  @Test
  void aBroadcastIsCompressedOnceForSharedConnectionsAndSentPlainToOthers() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).compression(EVERY_MESSAGE).start();
    List<RawPeer> compressed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      compressed.add(rawPeer(CHROMIUM_OFFER));
      events.awaitOpen();
    }
    RawPeer plain = rawPeer("");
    events.awaitOpen();
    String message = "news for everyone, news for everyone, news for everyone";
    assertThat(server.broadcast(message)).isEqualTo(21);
    byte[] first = null;
    for (RawPeer p : compressed) {
      RawPeer.Frame f = p.readFrame();
      assertThat(f.rsv()).isEqualTo(4);
      if (first == null) {
        first = f.payload();
      }
      assertThat(f.payload()).as("the same compressed bytes for all").isEqualTo(first);
      assertThat(new String(inflate(new Inflater(true), f.payload()), StandardCharsets.UTF_8)).isEqualTo(message);
    }
    RawPeer.Frame f = plain.readFrame();
    assertThat(f.rsv()).isZero();
    assertThat(f.text()).isEqualTo(message);
  }

  // ----------------------------------------------------------------- bad and slow peers

  @Test
  void aDecompressionBombGets1009() throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").eventLoops(1).listener(EventRecorder.ECHO)
        .compression(EVERY_MESSAGE).maxMessageSize(1 << 20).start();
    RawPeer peer = rawPeer(CHROMIUM_OFFER);
    byte[] bomb = compress(new byte[32 << 20]); // 32 MiB of zeros, about 32 KiB on the wire
    assertThat(bomb.length).isLessThan(1 << 20);
    peer.send(RawFrame.of(0x2).rsv(4).payload(bomb).mask(RawPeer.MASK));
    assertThat(peer.readClose().closeCode()).isEqualTo(1009);
  }

  @Test
  void corruptCompressedDataGets1007() throws Exception {
    echoServer(EVERY_MESSAGE);
    RawPeer peer = rawPeer(CHROMIUM_OFFER);
    peer.send(RawFrame.of(0x2).rsv(4).payload(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}).mask(RawPeer.MASK));
    assertThat(peer.readClose().closeCode()).isEqualTo(1007);
  }

  @Test
  void aSlowReaderIsBoundedByTheSendQueueWithCompressionOn() throws Exception {
    EventRecorder events = new EventRecorder();
    server = EventRecorder.server(events).compression(EVERY_MESSAGE).maxQueuedBytes(256 * 1024)
        .overflowPolicy(OverflowPolicy.REFUSE).start();
    RawPeer peer = RawPeer.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 4096);
    resources.add(peer);
    assertThat(peer.upgrade("/", CHROMIUM_OFFER).status()).isEqualTo(101);
    WebSocket ws = events.awaitOpen();
    byte[] noise = new byte[64 * 1024]; // incompressible, so the queue fills in compressed bytes
    new java.util.Random(1).nextBytes(noise);
    int refused = 0;
    for (int i = 0; i < 1000 && refused == 0; i++) {
      if (ws.sendBinary(noise) == SendResult.REFUSED) {
        refused++;
      }
    }
    assertThat(refused).as("the peer does not read: the queue cap refuses").isEqualTo(1);
    assertThat(ws.queuedBytes()).isLessThanOrEqualTo(256 * 1024 + 2L * noise.length);
    peer.close(); // with bytes still queued: the server may see a broken pipe, reported as such
    assertThat(events.awaitClose().code()).isEqualTo(1006);
    events.discard();
  }

  // ----------------------------------------------------------------- client and server

  @ParameterizedTest
  @ValueSource(strings = {"dedicated", "sharedCompressor", "shared"})
  void sockjetClientAndServerAgreeAndEchoInEveryMode(String mode) throws Exception {
    Compression c = switch (mode) {
      case "dedicated" -> Compression.dedicated();
      case "sharedCompressor" -> Compression.sharedCompressor();
      default -> Compression.shared();
    };
    c = c.toBuilder().threshold(16).build();
    echoServer(c);
    WebSocketClient client = WebSocketClient.builder().eventLoops(1).compression(c).build();
    resources.add(client);
    MessageQueue received = new MessageQueue();
    WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
        received).get(10, TimeUnit.SECONDS);
    assertThat(ws.extensions()).startsWith("permessage-deflate");
    // The 101 may reach the client before the server has registered the connection.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connections().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.connections().get(0).extensions()).isEqualTo(ws.extensions());
    assertThat(server.connections().get(0).responseHeaders()).isEqualTo(ws.responseHeaders());
    byte[] big = new byte[3 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i % 97);
    }
    for (int round = 0; round < 3; round++) {
      for (String text : List.of("tiny", "", "a message long enough to be compressed, κόσμε 😀".repeat(50))) {
        ws.sendText(text);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(text));
      }
      ws.sendBinary(big);
      assertThat(((Message.Binary) received.poll(10, TimeUnit.SECONDS)).data()).isEqualTo(ByteBuffer.wrap(big));
    }
    // A streamed message is compressed fragment by fragment.
    ws.sendTextFragment("one, ", false);
    ws.sendTextFragment("two, ", false);
    ws.sendTextFragment("three", true);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("one, two, three"));
    assertThat(server.metrics().bytesIn()).as("compression shrank what came in")
        .isLessThan(3L * big.length / 4);
  }

  @Test
  void frameListenersGetInflatedChunksAsTheyArrive() throws Exception {
    LinkedBlockingQueue<Integer> chunkSizes = new LinkedBlockingQueue<>();
    CompletableFuture<Long> total = new CompletableFuture<>();
    server = WebSocketServer.builder().host("127.0.0.1").eventLoops(1).compression(EVERY_MESSAGE)
        .listener(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws) {
            long[] sum = {0};
            ws.setFrameListener(new FrameListener() {
              @Override
              public void onMessageStart(WebSocket w, boolean text, long firstFrameLength) {}

              @Override
              public void onChunk(WebSocket w, ByteBuffer chunk) {
                chunkSizes.add(chunk.remaining());
                sum[0] += chunk.remaining();
              }

              @Override
              public void onFrameEnd(WebSocket w, boolean last) {
                if (last) {
                  total.complete(sum[0]);
                }
              }
            });
          }
        }).start();
    WebSocketClient client = WebSocketClient.builder().eventLoops(1).compression(EVERY_MESSAGE).build();
    resources.add(client);
    WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/")).get(10, TimeUnit.SECONDS);
    ws.sendBinary(new byte[8 << 20]); // compresses to a few KiB, inflates in scratch-sized chunks
    assertThat(total.get(10, TimeUnit.SECONDS)).isEqualTo(8L << 20);
    assertThat(chunkSizes.size()).as("delivered in many pieces, never whole").isGreaterThan(100);
    assertThat(chunkSizes.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void theClientFailsOnAnAnswerItCannotHonour() throws Exception {
    try (RawServer peer = new RawServer();
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).compression(Compression.dedicated()).build()) {
      CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + peer.port() + "/"));
      peer.accept();
      assertThat(peer.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
      peer.write(peer.switching("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7\r\n"));
      Throwable failure;
      try {
        connecting.get(10, TimeUnit.SECONDS);
        throw new AssertionError("connected");
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) failure).kind())
          .isEqualTo(WebSocketHandshakeException.Kind.UNACCEPTABLE_EXTENSION);
      assertThat(failure.getMessage()).contains("server_max_window_bits");
    }
  }
}
