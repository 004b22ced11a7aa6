package io.sockjet;

import io.sockjet.transport.TimerHandle;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Thread-safe: a client connection that comes back. Made by {@link
 * WebSocketClient#connectWithRetry}: whenever its connection ends, or an attempt fails, without
 * {@link #close} having been called, it waits as its {@link ReconnectPolicy} says (on a timer of
 * the client's event loops, no thread of its own) and connects again. A feed client thus survives
 * a server restart with no code of its own.
 *
 * <p>Each connection is a new {@link WebSocket}; the listener given to {@code connectWithRetry} is
 * registered on every one, so it sees every message, and one {@link WebSocketListener#onClose}
 * per lost connection. It sends as a {@link WebSocket} does ({@link MessageSender}), on the
 * connection open now. Messages sent while none is open are refused, not buffered: what to resend
 * after a reconnect is the application's business (see {@link ReconnectListener#onConnected}). A
 * fragmented message begun on a connection that was lost is refused to its end, so its tail never
 * becomes a message of its own on the next connection.
 */
public final class ReconnectingWebSocket implements MessageSender, AutoCloseable {
  private final WebSocketClient client;
  private final URI uri;
  private final ReconnectPolicy policy;
  private final WebSocketListener listener;
  private final ReconnectListener events;
  private final CompletableFuture<WebSocket> first = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  // Guarded by this.
  private boolean closed;
  private WebSocket current;
  private int attempt;
  private TimerHandle pending;
  // The connection a fragmented message of ours was begun on, until its last fragment; null if none.
  private WebSocket fragmentsOn;

  ReconnectingWebSocket(WebSocketClient client, URI uri, ReconnectPolicy policy,
      WebSocketListener listener, ReconnectListener events) {
    this.client = client;
    this.uri = uri;
    this.policy = policy;
    this.listener = listener;
    this.events = events != null ? events : new ReconnectListener() {};
  }

  void start() {
    connectNow();
  }

  private void connectNow() {
    synchronized (this) {
      pending = null;
      if (closed) {
        return;
      }
    }
    CompletableFuture<WebSocket> attemptResult;
    try {
      attemptResult = client.connect(uri, listener);
    } catch (IllegalStateException e) { // the client shut down
      giveUp(e);
      return;
    }
    attemptResult.whenComplete((ws, error) -> {
      if (error != null) {
        retry(error);
      } else {
        opened(ws);
      }
    });
  }

  private void opened(WebSocket ws) {
    synchronized (this) {
      if (closed) {
        ws.close(1000, "");
        return;
      }
      current = ws;
      attempt = 0;
    }
    first.complete(ws);
    events.onConnected(ws);
    ws.closeFuture().whenComplete((event, error) -> {
      synchronized (this) {
        if (current == ws) {
          current = null;
        }
      }
      retry(null);
    });
  }

  private void retry(Throwable cause) {
    int n;
    Duration delay;
    synchronized (this) {
      if (closed) {
        return;
      }
      n = ++attempt;
      if (!policy.allows(n) || client.isShutDown()) {
        attempt = n - 1; // the attempts made, for onGaveUp
      }
    }
    if (!policy.allows(n) || client.isShutDown()) {
      giveUp(cause != null ? cause : new IOException("connection to " + uri + " lost"));
      return;
    }
    delay = policy.delay(n);
    events.onReconnecting(n, delay, cause);
    synchronized (this) {
      if (!closed) {
        pending = client.group().next().schedule(this::connectNow, delay.toNanos(),
            TimeUnit.NANOSECONDS);
      }
    }
  }

  private void giveUp(Throwable cause) {
    int n;
    synchronized (this) {
      closed = true;
      n = attempt;
    }
    first.completeExceptionally(cause);
    events.onGaveUp(n, cause);
    stopped.complete(null);
  }

  /** The open connection, or null while there is none (between a loss and a reconnect). */
  public synchronized WebSocket current() {
    return current;
  }

  /** Completes with the first connection made; fails if the policy gives up before any. */
  public CompletableFuture<WebSocket> firstConnection() {
    return first;
  }

  /** Completes when no more attempts will be made (after {@link #close} or giving up). */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /** Sends on the current connection; {@link SendResult#REFUSED} while there is none. */
  @Override
  public SendResult sendText(CharSequence text) {
    return onCurrent(ws -> ws.sendText(text));
  }

  /** Sends on the current connection; {@link SendResult#REFUSED} while there is none. */
  @Override
  public SendResult sendBinary(ByteBuffer data) {
    return onCurrent(ws -> ws.sendBinary(data));
  }

  /** {@code send} on the current connection; {@link SendResult#REFUSED} while there is none. */
  private SendResult onCurrent(Function<WebSocket, SendResult> send) {
    WebSocket ws = current();
    return ws == null ? SendResult.REFUSED : send.apply(ws);
  }

  /**
   * Sends a fragment on the connection the message began on; {@link SendResult#REFUSED} if there
   * is none now, or if it was lost since the message began (then the message is lost, and the
   * fragment with {@code last} set ends the refusal).
   */
  @Override
  public SendResult sendTextFragment(CharSequence text, boolean last) {
    WebSocket ws = fragmentTarget(last);
    return ws == null ? SendResult.REFUSED : ws.sendTextFragment(text, last);
  }

  /** Like {@link #sendTextFragment}, for a binary message. */
  @Override
  public SendResult sendBinaryFragment(ByteBuffer data, boolean last) {
    WebSocket ws = fragmentTarget(last);
    return ws == null ? SendResult.REFUSED : ws.sendBinaryFragment(data, last);
  }

  /** The connection a fragment goes to, or null to refuse it; keeps the message's connection. */
  private synchronized WebSocket fragmentTarget(boolean last) {
    WebSocket ws = fragmentsOn != null ? fragmentsOn : current;
    fragmentsOn = last ? null : ws;
    return ws == current ? ws : null;
  }

  /** Streams on the current connection; fails at once while there is none. */
  @Override
  public CompletableFuture<Void> sendStream(boolean text, ChunkProducer producer) {
    return whenCurrent(ws -> ws.sendStream(text, producer));
  }

  /** {@code action}'s future on the current connection; failed at once while there is none. */
  private CompletableFuture<Void> whenCurrent(Function<WebSocket, CompletableFuture<Void>> action) {
    WebSocket ws = current();
    return ws == null ? CompletableFuture.failedFuture(new IOException("not connected"))
        : action.apply(ws);
  }

  @Override
  public void resumeStream() {
    WebSocket ws = current();
    if (ws != null) {
      ws.resumeStream();
    }
  }

  /** Pings on the current connection; {@link SendResult#REFUSED} while there is none. */
  @Override
  public SendResult ping(ByteBuffer payload) {
    return onCurrent(ws -> ws.ping(payload));
  }

  @Override
  public SendResult pong(ByteBuffer payload) {
    return onCurrent(ws -> ws.pong(payload));
  }

  /** The current connection's queued bytes; 0 while there is none. */
  @Override
  public long queuedBytes() {
    WebSocket ws = current();
    return ws == null ? 0 : ws.queuedBytes();
  }

  /** The current connection's {@link WebSocket#flushed}; fails at once while there is none. */
  @Override
  public CompletableFuture<Void> flushed() {
    return whenCurrent(WebSocket::flushed);
  }

  /** Stops reconnecting and closes the current connection, if any, with this code and reason. */
  public void close(int code, String reason) {
    WebSocket ws;
    TimerHandle timer;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ws = current;
      timer = pending;
      pending = null;
    }
    if (timer != null) {
      timer.cancel();
    }
    if (ws != null) {
      ws.close(code, reason);
    }
    first.completeExceptionally(new IOException("closed before connecting"));
    stopped.complete(null);
  }

  /** Stops reconnecting and closes with 1000. */
  @Override
  public void close() {
    close(1000, "");
  }
}
