package io.sockjet.internal;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocketProtocolException;
import io.sockjet.protocol.CloseOutcome;
import io.sockjet.protocol.ConnectionState;
import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.protocol.frame.CloseStatus;
import io.sockjet.transport.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * Where every close of a connection is decided and reported. This side decides in {@link
 * #closeOnLoop} (the user, an overflow, the budget, a timeout, a listener or stream failure, a
 * fault); the peer's close frame and its protocol violations arrive from the protocol connection,
 * which answers or fails them, and meet this path where the socket is closed ({@link
 * #closeTransportIfDone}). Whatever the cause, {@link #onClose} runs once, when the channel has
 * closed: it frees what the connection held and reports the close event exactly once, to the
 * listeners and then to {@link #closeFuture()}. Loop-confined, but for the public methods.
 */
abstract class CloseController extends InboundDispatch {
  private static final VarHandle CLOSE_FUTURE;

  static {
    try {
      CLOSE_FUTURE = MethodHandles.lookup()
          .findVarHandle(CloseController.class, "closeFuture", CompletableFuture.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Null until the first closeFuture() call or the close, whichever comes first (most connections
  // never have one): either installs it, from any thread, by compare-and-set (CLOSE_FUTURE).
  private volatile CompletableFuture<CloseEvent> closeFuture;
  private volatile CloseEvent closeEvent;

  CloseController(Opening opening) {
    super(opening);
  }

  @Override
  public void close(int code, String reason) {
    if (code != CloseCode.NO_STATUS_RECEIVED && !CloseCode.isSendable(code)) {
      throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
    }
    onLoop(() -> closeOnLoop(code, reason, null, false));
  }

  /**
   * The one place this side decides to close: by the user, an overflow, the budget, a timeout, a
   * listener or stream failure, a fault. Reports {@code error} (if any) once, sends the close
   * frame, arms the closing handshake's deadline and closes the socket when the protocol says so.
   * Closes started by the peer or by its protocol violations go through the protocol, which
   * sends the frame, and meet this path at {@link #closeTransportIfDone}. On the loop.
   *
   * @param stopReading discard the peer's input from now on: after a fault or over a limit of
   *     ours the rest cannot be trusted or afforded, so the socket closes once the frame is out;
   *     otherwise the closing handshake reads on for the peer's answer
   */
  @Override
  void closeOnLoop(int code, String reason, Throwable error, boolean stopReading) {
    if (error != null) {
      reportError(error);
    }
    if (stopReading && assembler != null) {
      assembler.reset(); // frees what the message in progress held (and its budget)
    }
    if (protocol.state() == ConnectionState.OPEN || stopReading) {
      if (protocol.state() != ConnectionState.CLOSED) {
      }
      if (stopReading) {
        protocol.abandon(code, reason);
      } else {
        protocol.close(code, reason);
      }
      startCloseTimer();
    }
    closeTransportIfDone();
  }

  /** Closes the socket once the protocol says so (server after the handshake, or a failure). */
  @Override
  void closeTransportIfDone() {
    if (protocol.shouldCloseTransport() && channel.isOpen()) {
      channel.close(settings().closeTimeout());
    }
  }

  @Override
  public void abort() {
    onLoop(() -> {
      set(ABORTED_HERE, true);
      channel.abort();
    });
  }

  @Override
  public void shutdownOutput() {
    channel.shutdownOutput();
  }

  @Override
  public void shutdownInput() {
    channel.shutdownInput();
  }

  @Override
  public void onInputClosed(Channel ch) {
    // The peer sent FIN. Whether or not the closing handshake completed, nothing more will come:
    // close our side (queued bytes, such as our close frame, are still written first).
    channel.close(settings().closeTimeout());
  }

  @Override
  public void onCloseFrame(CloseStatus status) {
    if (protocol.isCloseHandshakeComplete() && isClient()) {
      // RFC 6455 §7.1.1: the client waits for the server to close TCP, but not for ever.
      startCloseTimer();
    }
  }

  @Override
  public void onViolation(ProtocolViolation violation) {
    reportError(new WebSocketProtocolException(violation.violation().name(),
        violation.closeCode(), violation.getMessage()));
  }

  /** Leaves every topic the connection subscribed to; see {@link WebSocketConnection}. */
  abstract void leaveTopics();

  @Override
  public void onClose(Channel ch, Throwable cause) {
    protocol.transportClosed(); // also frees the compressors' native memory
    if (agreed != null && agreed.release() != null) {
      agreed.release().run(); // once: the channel calls onClose exactly once
    }
    cancelTimer();
    if (cause != null && protocol.closeReceived() == null) {
      reportError(cause);
    }
    if (assembler != null) {
      assembler.reset();
    }
    CloseOutcome outcome = protocol.outcome();
    CloseEvent event = new CloseEvent(outcome.code(), outcome.reason(), outcome.clean(),
        outcome.remote() && !is(ABORTED_HERE));
    closeEvent = event;
    StreamSend s = stream();
    if (s != null) {
      extras.stream = null;
      s.done.completeExceptionally(new ClosedChannelException());
    }
    closeInbox();
    leaveTopics();
    owner.closed((WebSocketConnection) this); // the one concrete class
    dispatch(l -> l.onClose(this, event));
    // Through the dispatcher, so the future completes after the listeners' onClose.
    dispatcher.accept(() -> completeCloseFuture(event));
  }

  /** Completes the future a caller already holds, or installs a completed one for later calls. */
  @SuppressWarnings("unchecked")
  private void completeCloseFuture(CloseEvent event) {
    CompletableFuture<CloseEvent> asked = (CompletableFuture<CloseEvent>) CLOSE_FUTURE
        .compareAndExchange(this, null, CompletableFuture.completedFuture(event));
    if (asked != null) {
      asked.complete(event);
    }
  }

  @Override
  void reportError(Throwable error) {
    if (is(ERROR_REPORTED)) {
      return;
    }
    set(ERROR_REPORTED, true);
    dispatch(l -> l.onError(this, error));
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<CloseEvent> closeFuture() {
    CompletableFuture<CloseEvent> future = closeFuture;
    if (future == null) {
      CompletableFuture<CloseEvent> created = new CompletableFuture<>();
      future = (CompletableFuture<CloseEvent>) CLOSE_FUTURE.compareAndExchange(this, null, created);
      if (future == null) {
        future = created; // ours went in; otherwise the close (or another caller) was first
      }
    }
    return future;
  }

  @Override
  public CloseEvent closeEvent() {
    return closeEvent;
  }
}
