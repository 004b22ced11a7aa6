package io.sockjet.internal;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketHandshakeException;
import io.sockjet.WebSocketListener;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.deflate.DeflateNegotiation;
import io.sockjet.protocol.deflate.DeflateNegotiationException;
import io.sockjet.protocol.deflate.DeflateParameters;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.handshake.ClientHandshake;
import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.HandshakeFailure;
import io.sockjet.protocol.http.HeadParser;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpParseException;
import io.sockjet.protocol.http.HttpRequestHead;
import io.sockjet.protocol.http.HttpResponseHead;
import io.sockjet.transport.Channel;
import io.sockjet.transport.ChannelHandler;
import io.sockjet.transport.TimerHandle;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection attempt, the mirror of {@link UpgradeHandler}: sends the
 * upgrade request once the channel is open (after TLS), reads the response head, checks it (RFC
 * 6455 §4.1), and on success hands the channel to the {@link WebSocketConnection} ({@link
 * Channel#setHandler}), which gets every later event; this object is then dropped.
 * A refusal's body is read up to a bound, for the exception.
 *
 * <p>Not thread-safe; confined to the channel's event loop (the constructor runs anywhere, before
 * the channel exists).
 */
public final class ClientUpgradeHandler implements ChannelHandler {
  private final ClientContext client;
  private final URI uri;
  private final ClientHandshake handshake;
  private final byte[] requestBytes;
  private final HttpRequestHead requestHead;
  private final WebSocketListener listener;
  private final CompletableFuture<WebSocket> result;
  /** When the whole connect (DNS, TCP, TLS, upgrade) must be done, on the loop's clock. */
  private final long deadlineNanos;
  private final HeadParser<HttpResponseHead> parser;

  private Channel channel;
  private TimerHandle timer;
  // A refusal whose body is being read: the failure, the bytes so far, how many are expected.
  private HandshakeFailure refusal;
  private ByteArrayOutputStream body;
  private long bodyExpected;

  public ClientUpgradeHandler(ClientContext client, URI uri, ClientHandshake handshake,
      HttpRequestHead requestHead, WebSocketListener listener,
      CompletableFuture<WebSocket> result, long deadlineNanos) {
    this.client = client;
    this.uri = uri;
    this.handshake = handshake;
    this.requestBytes = handshake.request();
    this.requestHead = requestHead;
    this.listener = listener;
    this.result = result;
    this.deadlineNanos = deadlineNanos;
    this.parser = HeadParser.response(client.headLimits());
  }

  @Override
  public void onOpen(Channel ch) {
    this.channel = ch;
    long remaining = deadlineNanos - ch.loop().clock().nanoTime();
    timer = ch.loop().schedule(this::timedOut, Math.max(remaining, 0), TimeUnit.NANOSECONDS);
    ch.write(ByteBuffer.wrap(requestBytes));
  }

  private void timedOut() {
    // The upgrade cancels this timer on the loop, so it never fires for an upgraded connection.
    if (refusal != null) {
      finishRefusal(); // a refusal whose body never ended: report what was read
      return;
    }
    fail(new SocketTimeoutException("WebSocket connect to " + uri + " timed out after "
        + client.connectTimeout().toMillis() + " ms (no upgrade response)"));
  }

  @Override
  public void onRead(Channel ch, ByteBuffer data) {
    if (result.isDone()) {
      return;
    }
    if (refusal != null) {
      collectBody(data);
      return;
    }
    HttpResponseHead head;
    try {
      head = parser.parse(data);
    } catch (HttpParseException e) {
      fail(ApiAccess.get().handshakeFailed(WebSocketHandshakeException.Kind.MALFORMED_RESPONSE,
          "malformed upgrade response from " + uri + ": " + e.getMessage(), -1, null, null));
      return;
    }
    if (head != null) {
      response(head, data);
    }
  }

  private void response(HttpResponseHead head, ByteBuffer trailing) {
    ClientHandshake.Result accepted;
    try {
      accepted = handshake.check(head);
    } catch (HandshakeFailure failure) {
      if (failure.kind() != HandshakeFailure.Kind.UNEXPECTED_STATUS) {
        fail(ApiAccess.get().handshakeFailed(failure, null));
        return;
      }
      refusal = failure;
      body = new ByteArrayOutputStream();
      bodyExpected = client.maxErrorBodyBytes();
      String length = head.headers().first("Content-Length");
      if (length != null) {
        try {
          bodyExpected = Math.min(bodyExpected, Long.parseLong(length.trim()));
        } catch (NumberFormatException ignored) {
          // Read until the server closes, as if there were no Content-Length.
        }
      }
      collectBody(trailing);
      return;
    }
    PerMessageDeflate deflate = null;
    String extensions = null;
    DeflateConfig deflateConfig = client.deflateConfig();
    if (deflateConfig != null) {
      try {
        Optional<ExtensionOffer> answer = DeflateNegotiation.findAccepted(accepted.extensions());
        if (answer.isPresent()) {
          DeflateParameters agreed = DeflateNegotiation.accept(answer.get(), deflateConfig,
              client.deflatePools().zlib());
          deflate = PerMessageDeflate.of(Role.CLIENT, agreed, deflateConfig,
              client.deflatePools().of(channel.loop()));
          extensions = ExtensionHeader.format(List.of(answer.get()));
        }
      } catch (DeflateNegotiationException e) {
        fail(ApiAccess.get().handshakeFailed(
            WebSocketHandshakeException.Kind.UNACCEPTABLE_EXTENSION,
            "server's permessage-deflate answer cannot be honoured: " + e.getMessage(),
            head.status(), head.headers(), null));
        return;
      }
    }
    timer.cancel();
    List<Map.Entry<String, String>> responseFields = new ArrayList<>();
    for (HttpHeaders.Field field : head.headers()) {
      responseFields.add(Map.entry(field.name(), field.value()));
    }
    WebSocketConnection ws = new WebSocketConnection(new Opening(channel, Role.CLIENT,
        client.owner(), client.newMaskKeySource(), client.listeners(),
        KeptRequest.of(requestHead, client.requestLines()), responseFields,
        accepted.subprotocol(), null));
    if (deflate != null) {
      ws.enableCompression(deflate, extensions, null);
    }
    if (listener != null) {
      ws.addListener(listener);
    }
    channel.setHandler(ws);
    client.opened(ws);
    if (!result.complete(ws)) {
      ws.close(1001, ""); // the caller gave up (cancelled) meanwhile
    }
    // Bytes read with the head are the server's first frames (RFC 6455 §4.1: the server may send
    // data right after its 101 response).
    ws.open(trailing);
  }

  /** Keeps up to the expected number of body bytes; reports the refusal once they are in. */
  private void collectBody(ByteBuffer data) {
    int take = (int) Math.min(data.remaining(), bodyExpected - body.size());
    if (take > 0) {
      byte[] bytes = new byte[take];
      data.get(bytes);
      body.write(bytes, 0, take);
    }
    data.position(data.limit());
    if (body.size() >= bodyExpected) {
      finishRefusal();
    }
  }

  private void finishRefusal() {
    if (refusal != null && !result.isDone()) {
      fail(ApiAccess.get().handshakeFailed(refusal, body.toByteArray()));
    }
  }

  private void fail(Throwable error) {
    if (timer != null) {
      timer.cancel();
    }
    result.completeExceptionally(error);
    if (channel != null && channel.isOpen()) {
      channel.abort();
    }
  }

  @Override
  public void onInputClosed(Channel ch) {
    endOfInput(null);
  }

  private void endOfInput(Throwable cause) {
    if (refusal != null) {
      finishRefusal();
    } else if (!result.isDone()) {
      EOFException eof = new EOFException("server " + uri
          + " closed the connection before completing the upgrade response");
      if (cause != null) {
        eof.initCause(cause);
      }
      fail(eof);
    }
    if (channel.isOpen()) {
      channel.abort();
    }
  }

  @Override
  public void onClose(Channel ch, Throwable cause) {
    if (timer != null) {
      timer.cancel();
    }
    endOfInput(cause);
  }
}
