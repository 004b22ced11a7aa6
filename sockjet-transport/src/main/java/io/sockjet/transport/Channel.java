package io.sockjet.transport;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;

/**
 * Thread-safe API over loop-confined state: one TCP connection (optionally TLS) bound to one
 * {@link EventLoop} for its whole life. Every public method may be called from any thread; called
 * off the loop it enqueues a task, so calls from one thread take effect in call order. Handler
 * callbacks run on the loop.
 *
 * <p>Buffers: the channel holds no read buffer (the loop's is shared) and no write buffer while
 * nothing is queued. Bytes the socket does not take at once are queued; see {@link #write} and
 * {@link #writeCopy} for who owns them.
 */
public final class Channel {
  private static final System.Logger LOG = System.getLogger(Channel.class.getName());

  /**
   * Default bound of {@link #close()}: long enough to drain a few megabytes to a slow reader,
   * short enough that a dead peer does not pin a socket and its queue for long.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Default high watermark: one shared read buffer's worth (64 KiB). Enough queued data to keep
   * a fast link busy until the next writable event, small enough that 10k slow peers cost at most
   * about 640 MiB before the layer above reacts.
   */
  public static final int DEFAULT_HIGH_WATERMARK = 64 * 1024;

  /** Default low watermark: half the high one, so writability does not flap on every write. */
  public static final int DEFAULT_LOW_WATERMARK = 32 * 1024;

  /**
   * Reads per readiness event: 16 x 64 KiB = 1 MiB from one connection before the loop turns to
   * the others, so one fast sender cannot starve a loop's other connections.
   */
  private static final int MAX_READS_PER_EVENT = 16;

  // Lifecycle. HANDSHAKING covers TCP connected but TLS not yet established.
  private static final int HANDSHAKING = 0;
  private static final int OPEN = 1;
  private static final int CLOSING = 2;
  private static final int CLOSED = 3;

  private final EventLoop loop;
  private final SocketChannel socket;
  private final ChannelHandler handler;
  private final TlsSession tls;
  private final Duration handshakeTimeout;
  private final CompletableFuture<Channel> openFuture;
  private final Runnable closeHook;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final IoEvents events = new IoEvents();

  // Loop-confined state.
  private final OutboundQueue out = new OutboundQueue();
  private SelectionKey key;
  private int state = HANDSHAKING;
  private boolean opened;
  private volatile boolean readPaused;
  private boolean inputClosed;
  private boolean outputShutdownRequested;
  private boolean outputShut;
  private volatile boolean writable = true;
  private TimerHandle handshakeTimer;
  private TimerHandle closeTimer;

  // Read from any thread; written on the loop only (single writer), except where noted.
  private volatile boolean closed;
  private volatile long queuedOnLoop;
  private volatile long bytesRead;
  private volatile long bytesWritten;
  private volatile int lowWatermark = DEFAULT_LOW_WATERMARK;
  private volatile int highWatermark = DEFAULT_HIGH_WATERMARK;
  private volatile Object attachment;
  /** Bytes of off-loop writes enqueued but not yet run; written by any thread. */
  private final AtomicLong inTransit = new AtomicLong();

  Channel(
      EventLoop loop,
      SocketChannel socket,
      ChannelHandler handler,
      SSLEngine engineOrNull,
      Duration handshakeTimeout,
      CompletableFuture<Channel> openFuture,
      Runnable closeHook)
      throws IOException {
    this.loop = loop;
    this.socket = socket;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.tls = engineOrNull == null ? null : new TlsSession(engineOrNull, this, loop);
    this.handshakeTimeout = handshakeTimeout;
    this.openFuture = openFuture;
    this.closeHook = closeHook;
    this.remote = (InetSocketAddress) socket.getRemoteAddress();
    this.local = (InetSocketAddress) socket.getLocalAddress();
  }

  /**
   * Registers the channel and starts it: plain channels open at once, TLS channels start their
   * handshake. {@code preRead} (may be null) is processed as if just read from the socket. Loop
   * thread only.
   */
  void start(SelectionKey existingKey, ByteBuffer preRead) {
    assert loop.inEventLoop();
    try {
      socket.configureBlocking(false);
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (existingKey != null) {
        key = existingKey;
        key.attach(events);
      } else {
        key = loop.register(socket, 0, events);
      }
      if (tls == null) {
        markOpen();
        if (preRead != null && preRead.hasRemaining() && isActive()) {
          deliver(preRead);
        }
      } else {
        long nanos = handshakeTimeout.toNanos();
        handshakeTimer =
            loop.schedule(
                () ->
                    closeNow(
                        new SocketTimeoutException(
                            "TLS handshake not complete after " + handshakeTimeout)),
                nanos,
                TimeUnit.NANOSECONDS);
        if (preRead != null) {
          tls.hold(preRead);
        }
        tls.begin();
        processHeld();
      }
      updateInterest();
    } catch (IOException | RuntimeException e) {
      failTls(e);
    }
  }

  // ---------------------------------------------------------------- public API

  /** Returns the loop this channel is confined to. */
  public EventLoop loop() {
    return loop;
  }

  /** Returns true until the channel has closed (by either side, or by an error). */
  public boolean isOpen() {
    return !closed;
  }

  /** Returns the peer's address, captured when the channel was created. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** Returns the local address, captured when the channel was created. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** Returns true if the channel runs TLS. */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * Writes {@code srcs} in order, gathering them into as few system calls as possible.
   *
   * <p>On the loop with nothing queued, the bytes go straight to the socket and what it does not
   * take is queued. Off the loop, the write is enqueued as a task and {@code QUEUED} is returned.
   *
   * <p>Ownership: the channel consumes {@code srcs} (advances their positions) and keeps
   * references to any with bytes left; the caller must not modify them until they are written
   * ({@link #whenFlushed()}). Pass a {@code duplicate()} to keep your own positions, and use
   * {@link #writeCopy} for buffers you will reuse at once (loop scratch). Under TLS the bytes are
   * encrypted at once, so {@code srcs} are never retained on the loop.
   */
  public WriteResult write(ByteBuffer... srcs) {
    return write(srcs, false);
  }

  /**
   * Like {@link #write}, but the channel keeps no reference to {@code srcs} once this returns:
   * whatever is not written now is copied into a right-sized heap buffer (off the loop: all of
   * it, before returning).
   */
  public WriteResult writeCopy(ByteBuffer... srcs) {
    return write(srcs, true);
  }

  /**
   * Bytes accepted by {@code write} but not yet taken by the socket: the queue (ciphertext under
   * TLS) plus off-loop writes not yet run. This is the backpressure signal.
   */
  public long queuedBytes() {
    return queuedOnLoop + inTransit.get();
  }

  /** Returns false while the queue is above the high watermark (since it last crossed it). */
  public boolean isWritable() {
    return writable;
  }

  /**
   * Sets the watermarks for {@link ChannelHandler#onWritabilityChanged}: unwritable when the
   * queue exceeds {@code high}, writable again when it falls to {@code low} or below.
   */
  public void setWriteWatermarks(int low, int high) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high: " + low + ", " + high);
    }
    lowWatermark = low;
    highWatermark = high;
    runOnLoop(this::checkWritability);
  }

  /**
   * A future completing once every byte written (by this thread) before the call has been taken
   * by the socket; exceptionally with {@link ClosedChannelException} if the channel closes first.
   * Completes on the loop thread: dependent non-async stages run there and must not block.
   */
  public CompletableFuture<Void> whenFlushed() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    runOnLoop(
        () -> {
          if (state == CLOSED) {
            future.completeExceptionally(new ClosedChannelException());
          } else {
            out.addFlushMarker(future);
          }
        },
        () -> future.completeExceptionally(new ClosedChannelException()));
    return future;
  }

  /** Stops reading from the socket (TCP flow control pushes back on the peer). */
  public void pauseReading() {
    runOnLoop(
        () -> {
          readPaused = true;
          updateInterest();
        });
  }

  /** Resumes reading after {@link #pauseReading()}. */
  public void resumeReading() {
    runOnLoop(
        () -> {
          if (!readPaused) {
            return;
          }
          readPaused = false;
          updateInterest();
          if (tls != null && tls.hasHeld()) {
            // Records decrypted while paused are delivered from a fresh task, never from inside
            // the handler call that resumed reading (the plaintext scratch may be in use).
            loop.execute(this::processHeld);
          }
        });
  }

  /** Returns true while reading is paused. */
  public boolean isReadingPaused() {
    return readPaused;
  }

  /**
   * Half-closes: once every queued byte is written (and, under TLS, a close_notify), shuts the
   * socket's output; the peer reads EOF and may keep sending. Later writes return {@code CLOSED}.
   */
  public void shutdownOutput() {
    runOnLoop(this::requestShutdownOutput);
  }

  /** Stops reading for good and shuts the socket's input; no {@code onInputClosed} follows. */
  public void shutdownInput() {
    runOnLoop(
        () -> {
          if (state == CLOSED || inputClosed) {
            return;
          }
          inputClosed = true;
          updateInterest();
          try {
            socket.shutdownInput();
          } catch (IOException e) {
            closeNow(e);
            return;
          }
          if (outputShut) {
            closeNow(null);
          }
        });
  }

  /** Closes gracefully, bounded by {@link #DEFAULT_CLOSE_TIMEOUT}; see {@link #close(Duration)}. */
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Closes gracefully: stops reading, refuses new writes, writes what is queued (then a TLS
   * close_notify) and closes the socket. If the queue has not drained after {@code timeout}, the
   * socket is closed anyway and {@code onClose} reports a {@link SocketTimeoutException}.
   */
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    runOnLoop(() -> closeGracefully(timeout));
  }

  /**
   * Closes at once: drops the queue and resets the connection (SO_LINGER 0, so the peer sees an
   * RST rather than a FIN).
   */
  public void abort() {
    runOnLoop(
        () -> {
          if (state == CLOSED) {
            return;
          }
          try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
          } catch (IOException e) {
            LOG.log(DEBUG, "SO_LINGER", e);
          }
          closeNow(null);
        });
  }

  /** Sets TCP_NODELAY (true by default: the layer above batches its own writes). */
  public void setTcpNoDelay(boolean on) {
    runOnLoop(
        () -> {
          try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, on);
          } catch (IOException e) {
            LOG.log(DEBUG, "TCP_NODELAY", e);
          }
        });
  }

  /** Returns the object the layer above attached, or null. */
  public Object attachment() {
    return attachment;
  }

  /** Attaches an object for the layer above (any thread; visible to all threads). */
  public void attach(Object value) {
    attachment = value;
  }

  /** Bytes read from the socket (ciphertext under TLS). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Bytes written to the socket (ciphertext under TLS). */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public String toString() {
    return "Channel[" + remote + " <- " + local + (tls != null ? ", tls" : "") + "]";
  }

  // ---------------------------------------------------------------- write path (loop thread)

  private WriteResult write(ByteBuffer[] srcs, boolean copy) {
    Objects.requireNonNull(srcs, "srcs");
    if (loop.inEventLoop()) {
      return writeOnLoop(srcs, copy);
    }
    if (closed) {
      return WriteResult.CLOSED;
    }
    ByteBuffer[] owned = copy ? new ByteBuffer[] {copyRemaining(srcs)} : srcs.clone();
    long n = remaining(owned);
    inTransit.addAndGet(n);
    try {
      loop.execute(
          () -> {
            inTransit.addAndGet(-n);
            writeOnLoop(owned, false);
          });
    } catch (RejectedExecutionException e) {
      inTransit.addAndGet(-n);
      return WriteResult.CLOSED;
    }
    return WriteResult.QUEUED;
  }

  private WriteResult writeOnLoop(ByteBuffer[] srcs, boolean copy) {
    if (state != OPEN || outputShutdownRequested) {
      return WriteResult.CLOSED;
    }
    boolean queued;
    try {
      queued = tls != null ? tls.wrap(srcs) : writeWire(srcs, copy);
    } catch (IOException | RuntimeException e) {
      closeNow(e);
      return WriteResult.CLOSED;
    }
    checkWritability();
    return queued ? WriteResult.QUEUED : WriteResult.WRITTEN;
  }

  /** Writes one wire buffer (TLS records); the remainder is copied. Loop thread only. */
  boolean writeWire(ByteBuffer src) throws IOException {
    return writeWire(new ByteBuffer[] {src}, true);
  }

  /**
   * Writes wire bytes straight to the socket if nothing is queued, queuing the rest (copied when
   * {@code copy}). Never calls the handler, so callers may hold loop scratch while calling it.
   *
   * @return true if anything was queued
   */
  private boolean writeWire(ByteBuffer[] srcs, boolean copy) throws IOException {
    int first = 0;
    if (out.isEmpty()) {
      while (first < srcs.length) {
        if (!srcs[first].hasRemaining()) {
          first++;
          continue;
        }
        int len = Math.min(EventLoop.MAX_GATHER, srcs.length - first);
        long n = socket.write(srcs, first, len);
        if (n <= 0) {
          break;
        }
        bytesWritten += n;
      }
    }
    boolean queued = false;
    for (int i = first; i < srcs.length; i++) {
      ByteBuffer b = srcs[i];
      if (b.hasRemaining()) {
        out.add(copy ? copyRemaining(b) : b);
        queued = true;
      }
    }
    if (queued) {
      queuedOnLoop = out.queuedBytes();
      updateInterest();
    }
    return queued;
  }

  private void onWritable() {
    try {
      bytesWritten += out.writeTo(socket, loop.gatherScratch);
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    queuedOnLoop = out.queuedBytes();
    if (state == CLOSED) {
      return;
    }
    updateInterest();
    if (out.isEmpty()) {
      if (state == CLOSING) {
        closeNow(null);
        return;
      }
      if (outputShutdownRequested && !outputShut) {
        doShutdownOutput();
      }
    }
    checkWritability();
  }

  private void checkWritability() {
    if (state == CLOSED) {
      return;
    }
    long q = out.queuedBytes();
    if (writable && q > highWatermark) {
      writable = false;
      notifyWritability(false);
    } else if (!writable && q <= lowWatermark) {
      writable = true;
      notifyWritability(true);
    }
  }

  private void notifyWritability(boolean now) {
    if (!opened) {
      return;
    }
    try {
      handler.onWritabilityChanged(this, now);
    } catch (Throwable t) {
      handlerFailed(t);
    }
  }

  // ---------------------------------------------------------------- read path (loop thread)

  private void onReadable() {
    ByteBuffer buf = loop.readBuffer();
    for (int i = 0; i < MAX_READS_PER_EVENT && canRead(); i++) {
      buf.clear();
      if (tls != null) {
        tls.moveHeldTo(buf);
      }
      int n;
      try {
        n = socket.read(buf);
      } catch (IOException e) {
        closeNow(e);
        return;
      }
      if (n < 0) {
        onEof();
        return;
      }
      bytesRead += n;
      boolean full = !buf.hasRemaining();
      buf.flip();
      if (tls != null) {
        try {
          tls.onCiphertext(buf);
        } catch (IOException | RuntimeException e) {
          failTls(e);
          return;
        }
      } else if (n > 0) {
        deliver(buf);
      }
      if (!full) {
        return; // the socket had no more for now
      }
    }
  }

  private boolean canRead() {
    return (state == OPEN || state == HANDSHAKING)
        && !inputClosed
        && (!readPaused || state == HANDSHAKING);
  }

  /** Hands plaintext to the handler; {@code data} is loop scratch valid until this returns. */
  void deliver(ByteBuffer data) {
    if (state != OPEN && state != CLOSING) {
      return;
    }
    try {
      handler.onRead(this, data);
    } catch (Throwable t) {
      handlerFailed(t);
    }
  }

  private void processHeld() {
    if (tls == null || !tls.hasHeld() || !canRead()) {
      return;
    }
    ByteBuffer buf = loop.readBuffer();
    buf.clear();
    tls.moveHeldTo(buf);
    buf.flip();
    try {
      tls.onCiphertext(buf);
    } catch (IOException | RuntimeException e) {
      failTls(e);
    }
  }

  private void onEof() {
    if (tls != null) {
      tls.closeInbound();
    }
    if (!opened) {
      closeNow(new EOFException("peer closed the connection during the TLS handshake"));
      return;
    }
    onInputEnded();
  }

  /** The peer will send nothing more (FIN or close_notify). Loop thread only. */
  void onInputEnded() {
    if (inputClosed || state == CLOSED) {
      return;
    }
    inputClosed = true;
    updateInterest();
    try {
      handler.onInputClosed(this);
    } catch (Throwable t) {
      handlerFailed(t);
      return;
    }
    if (outputShut && state != CLOSED) {
      closeNow(null);
    }
  }

  // ---------------------------------------------------------------- lifecycle (loop thread)

  /** The TLS handshake has completed. Loop thread only. */
  void onHandshakeComplete() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    markOpen();
  }

  /** True while callbacks may still be delivered. Loop thread only. */
  boolean isActive() {
    return state != CLOSED;
  }

  private void markOpen() {
    if (state != HANDSHAKING) {
      return;
    }
    state = OPEN;
    opened = true;
    updateInterest();
    try {
      handler.onOpen(this);
    } catch (Throwable t) {
      handlerFailed(t);
      return;
    }
    if (openFuture != null && state != CLOSED) {
      openFuture.complete(this);
    }
  }

  private void requestShutdownOutput() {
    if (state != OPEN || outputShutdownRequested) {
      return;
    }
    outputShutdownRequested = true;
    try {
      if (tls != null) {
        tls.closeOutbound();
      }
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (out.isEmpty()) {
      doShutdownOutput();
    }
  }

  private void doShutdownOutput() {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    outputShut = true;
    if (inputClosed) {
      closeNow(null);
    }
  }

  private void closeGracefully(Duration timeout) {
    if (state == CLOSED || state == CLOSING) {
      return;
    }
    if (!opened) {
      closeNow(null);
      return;
    }
    state = CLOSING;
    updateInterest();
    if (tls != null && !outputShutdownRequested) {
      try {
        tls.closeOutbound();
      } catch (IOException e) {
        closeNow(e);
        return;
      }
    }
    if (out.isEmpty()) {
      closeNow(null);
      return;
    }
    closeTimer =
        loop.schedule(
            () ->
                closeNow(
                    new SocketTimeoutException(
                        "close timed out after "
                            + timeout
                            + " with "
                            + out.queuedBytes()
                            + " bytes unwritten")),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /** A TLS or start-up failure: sends the engine's alert if it prepared one, then closes. */
  private void failTls(Throwable cause) {
    if (tls != null && state != CLOSED) {
      tls.sendPendingAlert();
    }
    closeNow(cause);
  }

  private void handlerFailed(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    LOG.log(WARNING, "handler failed; closing " + this, t);
    closeNow(t);
  }

  /**
   * Closes the socket now, drops the queue, fails waiting futures and reports {@code onClose}
   * once (if the handler saw {@code onOpen}). Idempotent. Loop thread only.
   */
  void closeNow(Throwable cause) {
    if (state == CLOSED) {
      return;
    }
    state = CLOSED;
    closed = true;
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
    }
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(DEBUG, "closing socket", e);
    }
    if (tls != null) {
      tls.release();
    }
    ClosedChannelException closedException = new ClosedChannelException();
    if (cause != null) {
      closedException.initCause(cause);
    }
    out.discard(closedException);
    queuedOnLoop = 0;
    if (openFuture != null && !openFuture.isDone()) {
      openFuture.completeExceptionally(cause != null ? cause : closedException);
    }
    if (opened) {
      try {
        handler.onClose(this, cause);
      } catch (Throwable t) {
        LOG.log(WARNING, "onClose failed for " + this, t);
      }
    } else if (cause != null && LOG.isLoggable(DEBUG)) {
      LOG.log(DEBUG, "channel failed before opening: " + this, cause);
    }
    if (closeHook != null) {
      closeHook.run();
    }
  }

  private void updateInterest() {
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = 0;
    if (canRead() && state != CLOSING) {
      ops |= SelectionKey.OP_READ;
    }
    if (!out.isEmpty()) {
      ops |= SelectionKey.OP_WRITE;
    }
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  private void runOnLoop(Runnable task) {
    runOnLoop(task, () -> {});
  }

  /** Runs {@code task} on the loop; runs {@code ifRejected} if the loop has terminated. */
  private void runOnLoop(Runnable task, Runnable ifRejected) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      ifRejected.run();
    }
  }

  private static long remaining(ByteBuffer[] buffers) {
    long n = 0;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
    }
    return n;
  }

  /** Copies the remaining bytes of every buffer into one heap buffer; advances the sources. */
  private static ByteBuffer copyRemaining(ByteBuffer... srcs) {
    long n = remaining(srcs);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many bytes for one copy: " + n);
    }
    // Heap, not direct: a queued remainder lives briefly, and direct buffers are costly to
    // allocate and free; the JDK copies it through its cached direct buffer when written.
    ByteBuffer copy = ByteBuffer.allocate((int) n);
    for (ByteBuffer b : srcs) {
      copy.put(b);
    }
    return copy.flip();
  }

  /** The channel's selector attachment, kept private so the loop's hooks are not public API. */
  private final class IoEvents implements Selectable {
    @Override
    public void onReady(int readyOps) {
      if ((readyOps & SelectionKey.OP_WRITE) != 0 && state != CLOSED) {
        onWritable();
      }
      if ((readyOps & SelectionKey.OP_READ) != 0 && state != CLOSED) {
        onReadable();
      }
    }

    @Override
    public void onLoopShutdown(boolean force) {
      if (force) {
        closeNow(null);
      } else {
        closeGracefully(DEFAULT_CLOSE_TIMEOUT);
      }
    }
  }
}
