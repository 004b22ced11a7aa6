package io.sockjet.internal;

import io.sockjet.HandshakeRequest;
import io.sockjet.HandshakeResponse;
import io.sockjet.HttpResponse;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.AcceptKey;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.HandshakeRejection;
import io.sockjet.protocol.handshake.ServerHandshake;
import io.sockjet.protocol.handshake.Subprotocols;
import io.sockjet.protocol.handshake.UpgradeRequest;
import io.sockjet.protocol.MemoryBudget;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.protocol.http.HttpResponseWriter;
import io.sockjet.transport.Channel;
import io.sockjet.transport.ChannelHandler;
import io.sockjet.transport.TimerHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one accepted socket: reads the HTTP upgrade request (bounded in size and in
 * time, against slowloris), asks the handshake hook, answers 101 or an HTTP error, and on 101
 * hands the channel to the {@link WebSocketConnection} ({@link Channel#setHandler}), which gets
 * every later event; this object is then dropped.
 *
 * <p>Not thread-safe; confined to the channel's event loop. Holds the partial head (at most the
 * head limit) only while it is incomplete, and the bytes read past the head only while an
 * asynchronous hook decides.
 *
 * <p>Memory: while its head is incomplete, a connection holds up to {@link #headReserve} bytes
 * (the line buffer and the parsed fields), reserved in the server's memory budget when it opens
 * and given back when the head is in or the connection closes. A flood of slow handshakes thus
 * meets 503 once the budget is spent, instead of filling the heap: 19,000 slowloris connections
 * would otherwise hold some 600 MiB.
 */
public final class UpgradeHandler implements ChannelHandler {
  private static final System.Logger LOG = System.getLogger(WebSocketServer.class.getName());

  /**
   * The answer when the server has no room for another connection, over its connection limit
   * (written by the transport) or its memory budget (here): 503 tells a client, or its retry
   * logic, that the server is full rather than broken; Retry-After: 1 because room may free any
   * moment; Connection: close because the socket closes right after.
   */
  private static final byte[] SERVER_BUSY = HttpResponseWriter.write(503, null,
      HttpHeaders.builder().add("Retry-After", "1").add("Connection", "close").build(),
      new byte[0]);

  /** {@link #SERVER_BUSY}, read-only, for the transport's refusal of connections over the limit. */
  public static ByteBuffer serverBusy() {
    return ByteBuffer.wrap(SERVER_BUSY).asReadOnlyBuffer();
  }

  private final ServerContext server;
  private HeadParser<HttpRequestHead> parser; // dropped once the head is in
  private Channel channel;
  private TimerHandle handshakeTimer;
  private boolean deciding;
  private long reserved; // bytes of the budget held for the head being read; 0 once given back

  public UpgradeHandler(ServerContext server) {
    this.server = server;
    this.parser = HeadParser.request(server.handshakeSettings().headLimits());
  }

  @Override
  public void onOpen(Channel ch) {
    this.channel = ch;
    long reserve = headReserve(server.handshakeSettings().headLimits().maxHeadBytes());
    MemoryBudget budget = server.owner().budget();
    if (budget != null && !budget.tryReserve(reserve)) {
      respondAndClose(SERVER_BUSY); // never written into: shared by every refusal
      return;
    }
    reserved = budget == null ? 0 : reserve;
    handshakeTimer = ch.loop().schedule(this::handshakeTimedOut,
        server.handshakeSettings().timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * What a connection may hold while its head is incomplete, for a head limit of {@code
   * maxHeadBytes}: the line buffer (up to the limit) and the fields parsed so far (their strings
   * and entries, about three times their bytes): four times the limit, 32 KiB by default.
   */
  static long headReserve(int maxHeadBytes) {
    return 4L * maxHeadBytes;
  }

  /** Gives back the budget held for the head; once. */
  private void releaseReserve() {
    if (reserved > 0) {
      server.owner().budget().release(reserved);
      reserved = 0;
    }
  }

  private void handshakeTimedOut() {
    // The upgrade cancels this timer on the loop, so it never fires for an upgraded connection.
    if (channel.isOpen()) {
      // A client that does not finish its request in time (slowloris) gets no answer: it would
      // only cost more, and a real client would not be that slow.
      LOG.log(System.Logger.Level.DEBUG, "handshake timeout for {0}", channel.remoteAddress());
      channel.abort();
    }
  }

  @Override
  public void onRead(Channel ch, ByteBuffer data) {
    if (deciding) {
      // Reading is paused while the hook decides; a few bytes may still arrive from the read that
      // raced the pause. A client may not send frames before it sees 101 (RFC 6455 §4.1), so
      // anything here is a misbehaving peer.
      channel.abort();
      return;
    }
    int before = data.remaining();
    HttpRequestHead head;
    try {
      head = parser.parse(data);
    } catch (HttpParseException e) {
      server.counters().bytesIn(before);
      respondAndClose(HttpResponseWriter.write(e.status(), null, closeHeaders(), body(e.getMessage())));
      return;
    }
    // Only the head's bytes: what follows it is counted by the connection it is handed to.
    server.counters().bytesIn(before - data.remaining());
    if (head != null) {
      parser = null;
      releaseReserve();
      request(head, data);
    }
  }

  private void request(HttpRequestHead head, ByteBuffer trailing) {
    UpgradeRequest upgrade;
    try {
      upgrade = ServerHandshake.check(head);
    } catch (HandshakeRejection rejection) {
      if (rejection.isNotWebSocket() && server.handshakeSettings().http() != null) {
        plainHttp(head);
      } else {
        respondAndClose(rejection.toResponseBytes());
      }
      return;
    }
    Endpoint endpoint = server.endpoints().find(head.path());
    if (endpoint == null) {
      respondAndClose(HttpResponseWriter.write(404, null, closeHeaders(),
          body("no WebSocket endpoint at " + head.path())));
      return;
    }
    String origin = upgrade.origin();
    if (!endpoint.allowedOrigins().isEmpty()
        && (origin == null || !endpoint.allowedOrigins().contains(origin))) {
      // RFC 6455 §4.2.2: a server that does not accept the origin "SHOULD respond ... with an
      // appropriate HTTP error code (such as 403 Forbidden)".
      respondAndClose(HttpResponseWriter.write(403, null, closeHeaders(), body("origin not allowed")));
      return;
    }
    List<String> extensionNames = new ArrayList<>();
    for (ExtensionOffer offer : upgrade.extensions()) {
      extensionNames.add(offer.name());
    }
    HandshakeRequest request = ApiAccess.get().request(head, upgrade.subprotocols(),
        extensionNames, channel.remoteAddress(), channel.localAddress());
    ByteBuffer rest = trailing.hasRemaining()
        ? ByteBuffer.allocate(trailing.remaining()).put(trailing).flip() : null;
    CompletionStage<HandshakeResponse> decision;
    try {
      decision = endpoint.handshake().handshake(request);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "handshake hook threw", e);
      respondAndClose(HttpResponseWriter.write(500, null, closeHeaders(), body("handshake failed")));
      return;
    }
    CompletableFuture<HandshakeResponse> future = decision.toCompletableFuture();
    if (future.isDone()) {
      decided(endpoint, upgrade, request, rest, future.getNow(null), null);
      return;
    }
    deciding = true;
    channel.pauseReading();
    future.whenComplete((response, error) -> channel.loop().execute(
        () -> decided(endpoint, upgrade, request, rest, response, error)));
  }

  private void decided(Endpoint endpoint, UpgradeRequest upgrade, HandshakeRequest request,
      ByteBuffer trailing, HandshakeResponse response, Throwable error) {
    deciding = false;
    if (!channel.isOpen()) {
      return;
    }
    if (error != null || response == null) {
      LOG.log(System.Logger.Level.WARNING, "handshake hook failed", error);
      respondAndClose(HttpResponseWriter.write(500, null, closeHeaders(), body("handshake failed")));
      return;
    }
    if (!response.isAccepted()) {
      byte[] body = ApiAccess.get().body(response);
      HttpHeaders.Builder headers = HttpHeaders.builder();
      response.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
      headers.add("Connection", "close");
      respondAndClose(HttpResponseWriter.write(response.status(), null, headers.build(),
          body == null ? new byte[0] : body));
      return;
    }
    String subprotocol = response.subprotocol() != null ? response.subprotocol()
        : Subprotocols.select(upgrade.subprotocols(), endpoint.subprotocols()).orElse(null);
    HttpHeaders.Builder extra = HttpHeaders.builder();
    response.headers().forEach(h -> extra.add(h.getKey(), h.getValue()));
    // Negotiated last, once the hook accepted: a rejected client never reserves compression memory.
    ServerCompression.Agreed compressed = server.compression() == null ? null
        : server.compression().negotiate(upgrade.extensions(), channel.loop()).orElse(null);
    List<ExtensionOffer> extensions = compressed == null ? List.of() : List.of(compressed.response());
    byte[] accept;
    try {
      accept = upgrade.acceptResponse(subprotocol, extensions, extra.build());
    } catch (IllegalArgumentException e) {
      abandon(compressed);
      LOG.log(System.Logger.Level.WARNING, "handshake hook chose badly: " + e.getMessage());
      respondAndClose(HttpResponseWriter.write(500, null, closeHeaders(), body("handshake failed")));
      return;
    }
    handshakeTimer.cancel();
    handshakeTimer = null;
    channel.write(ByteBuffer.wrap(accept));
    if (!channel.isOpen()) {
      // The write found the peer gone and closed the channel with this handler still in place:
      // no connection is made, so none is left in the server's set without a close to remove it.
      // (Once the connection is the channel's handler, it hears of any later close itself.)
      abandon(compressed);
      return;
    }
    server.counters().bytesOut(accept.length);
    server.counters().accepted.increment();
    String extensionHeader = compressed == null ? null : compressed.header();
    WebSocketConnection ws = new WebSocketConnection(new Opening(channel, Role.SERVER,
        endpoint.owner(), null, endpoint.listeners(),
        KeptRequest.of(ApiAccess.get().head(request), server.requestLines()),
        response.headers(), subprotocol, response.attachment()));
    if (compressed != null) {
      ServerCompression serverCompression = server.compression();
      long reserved = compressed.reservedBytes();
      ws.enableCompression(compressed.codec(), extensionHeader,
          () -> serverCompression.release(reserved));
    }
    channel.setHandler(ws);
    server.opened(ws);
    channel.resumeReading();
    ws.open(trailing);
  }

  /** Gives back what negotiating compression took, for a handshake that will not open. */
  private void abandon(ServerCompression.Agreed compressed) {
    if (compressed != null) {
      compressed.codec().end();
      server.compression().release(compressed.reservedBytes());
    }
  }

  /**
   * Puts the standard headers of the 101 this class sends into {@code map}, for {@link
   * WebSocket#responseHeaders()}: an open connection rebuilds them on demand rather than keep them.
   * {@code extensions} is the Sec-WebSocket-Extensions value, empty when none was agreed.
   */
  static void putStandardResponseHeaders(Map<String, List<String>> map, HandshakeRequest request,
      String subprotocol, String extensions) {
    map.put("Upgrade", new ArrayList<>(List.of("websocket")));
    map.put("Connection", new ArrayList<>(List.of("Upgrade")));
    map.put("Sec-WebSocket-Accept",
        new ArrayList<>(List.of(AcceptKey.of(request.header("Sec-WebSocket-Key")))));
    if (subprotocol != null) {
      map.put("Sec-WebSocket-Protocol", new ArrayList<>(List.of(subprotocol)));
    }
    if (!extensions.isEmpty()) {
      map.put("Sec-WebSocket-Extensions", new ArrayList<>(List.of(extensions)));
    }
  }

  private void plainHttp(HttpRequestHead head) {
    HttpResponse response;
    try {
      response = server.handshakeSettings().http().handle(ApiAccess.get().request(head, List.of(),
          List.of(), channel.remoteAddress(), channel.localAddress()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "HTTP handler threw", e);
      response = HttpResponse.of(500, "text/plain; charset=utf-8", "internal error");
    }
    HttpHeaders.Builder headers = HttpHeaders.builder();
    response.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
    headers.add("Connection", "close");
    byte[] bytes = HttpResponseWriter.write(response.status(), null, headers.build(),
        response.body());
    channel.write(ByteBuffer.wrap(bytes));
    server.counters().bytesOut(bytes.length);
    channel.close();
  }

  private void respondAndClose(byte[] response) {
    server.counters().rejected.increment();
    server.counters().bytesOut(response.length);
    channel.write(ByteBuffer.wrap(response));
    channel.close();
  }

  private static HttpHeaders closeHeaders() {
    return HttpHeaders.builder().add("Content-Type", "text/plain; charset=utf-8")
        .add("Connection", "close").build();
  }

  private static byte[] body(String message) {
    return (message + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void onInputClosed(Channel ch) {
    ch.close();
  }

  @Override
  public void onClose(Channel ch, Throwable cause) {
    releaseReserve();
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
    }
  }
}
