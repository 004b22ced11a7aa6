package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-side listener that records every event, for tests to await and assert on. Safe from
 * any thread. Also a small factory for test servers with short timeouts.
 *
 * <p>After each test, {@link RecordersExhausted} asserts every recorder the test made is
 * {@linkplain #assertExhausted exhausted}: an error or message nobody awaited fails the test, as
 * OkHttp's WebSocketRecorder does.
 */
class EventRecorder implements WebSocketListener {
  static final long WAIT_SECONDS = 10;

  /** Recorders made since the last check (tests run one at a time in a JVM). */
  private static final List<EventRecorder> MADE = new CopyOnWriteArrayList<>();

  /** Sends every message back as it came: text as text, binary as binary. Stateless. */
  static final WebSocketListener ECHO = new WebSocketListener() {
    @Override
    public void onText(WebSocket ws, String text) {
      ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
      ws.sendBinary(data);
    }
  };

  final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
  final BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
  final BlockingQueue<WebSocket> drains = new LinkedBlockingQueue<>();
  /** onMissed events, as "topic:count". */
  final BlockingQueue<String> missed = new LinkedBlockingQueue<>();
  /** Every event in order, by name, with the thread it ran on. */
  final List<String> log = new CopyOnWriteArrayList<>();

  EventRecorder() {
    MADE.add(this);
  }

  /** The recorders made since the last call, which forgets them. */
  static List<EventRecorder> takeMade() {
    List<EventRecorder> made = List.copyOf(MADE);
    MADE.clear();
    return made;
  }

  /**
   * Fails if an event arrived that the test neither awaited nor took: an error, a message, a ping,
   * or a second close of a connection. A test that expects events it does not inspect says so with {@link
   * #discard}.
   */
  void assertExhausted() {
    // A peer that vanished (the test closed its socket, perhaps while the server was writing)
    // is reported as a broken pipe or a reset: the test's own doing, not an event to await.
    assertThat(errors).filteredOn(e -> !peerGone(e))
        .as("onError nobody awaited; events: %s", log).isEmpty();
    assertThat(texts).as("text messages nobody awaited; events: %s", log).isEmpty();
    assertThat(binaries).as("binary messages nobody awaited; events: %s", log).hasSize(0);
    assertThat(pings).as("pings nobody awaited; events: %s", log).hasSize(0);
    assertThat(missed).as("onMissed nobody awaited; events: %s", log).isEmpty();
    assertThat(log.stream().filter(e -> e.startsWith("close:")).count())
        .as("onClose calls, at most one per onOpen; events: %s", log)
        .isLessThanOrEqualTo(log.stream().filter(e -> e.equals("open")).count());
  }

  private static boolean peerGone(Throwable e) {
    String m = e.getMessage();
    return e instanceof java.io.IOException && m != null
        && (m.contains("Broken pipe") || m.contains("Connection reset"));
  }

  /** Forgets the messages, pings and errors received so far: the test expected and ignores them. */
  void discard() {
    texts.clear();
    binaries.clear();
    pings.clear();
    errors.clear();
    missed.clear();
  }

  /** A builder for a loopback server on a free port with short close and handshake timeouts. */
  static WebSocketServer.Builder server(WebSocketListener listener) {
    return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
        .closeTimeout(Duration.ofMillis(300)).handshakeTimeout(Duration.ofSeconds(5))
        .listener(listener);
  }

  static void stop(WebSocketServer server) {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  @Override
  public void onOpen(WebSocket ws) {
    log.add("open");
    opened.add(ws);
  }

  @Override
  public void onText(WebSocket ws, String text) {
    log.add("text:" + text);
    texts.add(text);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    log.add("binary:" + data.remaining());
    binaries.add(data);
  }

  @Override
  public void onPing(WebSocket ws, ByteBuffer payload) {
    log.add("ping");
    pings.add(payload);
  }

  @Override
  public void onDrain(WebSocket ws) {
    log.add("drain");
    drains.add(ws);
  }

  @Override
  public void onMissed(WebSocket ws, String topic, long count) {
    log.add("missed:" + topic + ":" + count);
    missed.add(topic + ":" + count);
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    log.add("error:" + error);
    errors.add(error);
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    log.add("close:" + event);
    closes.add(event);
  }

  WebSocket awaitOpen() throws InterruptedException {
    WebSocket ws = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(ws).as("onOpen within %d s", WAIT_SECONDS).isNotNull();
    return ws;
  }

  CloseEvent awaitClose() throws InterruptedException {
    CloseEvent e = closes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(e).as("onClose within %d s; events: %s", WAIT_SECONDS, log).isNotNull();
    return e;
  }

  Throwable awaitError() throws InterruptedException {
    Throwable e = errors.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(e).as("onError within %d s; events: %s", WAIT_SECONDS, log).isNotNull();
    return e;
  }

  String awaitText() throws InterruptedException {
    String t = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(t).as("onText within %d s; events: %s", WAIT_SECONDS, log).isNotNull();
    return t;
  }

  /** Asserts no second onClose arrives within a short grace period. */
  void assertNoMoreCloses() throws InterruptedException {
    assertThat(closes.poll(200, TimeUnit.MILLISECONDS)).as("a second onClose").isNull();
    assertThat(log.stream().filter(s -> s.startsWith("close:")).count()).isEqualTo(1);
  }
}
