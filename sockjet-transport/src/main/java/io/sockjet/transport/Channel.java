package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;

/**
 * Thread-safe API over loop-confined state: one TCP connection (optionally TLS) bound to one
 * {@link EventLoop} for its whole life. Every public method may be called from any thread; called
 * off the loop it enqueues a task, so calls from one thread take effect in call order. Handler
 * callbacks run on the loop.
 *
 * <p>Buffers: the channel holds no read buffer (the loop's is shared) unless its handler left bytes
 * of a read for the next one ({@link #unreadCapacity()}), and no write buffer while nothing is
 * queued. Bytes the socket does not take at once are queued; each write says who owns
 * its buffers ({@link Ownership}).
 */
public final class Channel {
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

  private static final VarHandle IN_TRANSIT;

  static {
    try {
      IN_TRANSIT = MethodHandles.lookup().findVarHandle(Channel.class, "inTransit", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventLoop loop;
  private final ChannelIo io;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private volatile Object attachment;
  /**
   * Bytes of off-loop writes enqueued but not yet run; added to by any thread, atomically through
   * {@link #IN_TRANSIT} (a field rather than an AtomicLong: one object less per connection).
   */
  private volatile long inTransit;

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
    this.io =
        new ChannelIo(
            this,
            loop,
            socket,
            Objects.requireNonNull(handler, "handler"),
            engineOrNull,
            handshakeTimeout,
            openFuture,
            closeHook);
    this.remote = (InetSocketAddress) socket.getRemoteAddress();
    this.local = (InetSocketAddress) socket.getLocalAddress();
  }

  /** See {@link ChannelIo#start}. Loop thread only. */
  void start(SelectionKey existingKey, ByteBuffer preRead) {
    io.start(existingKey, preRead);
  }

  /** Whether a send queue is held now (tests: idle channels hold none). Loop thread only. */
  boolean holdsSendQueue() {
    return io.holdsQueue();
  }

  /** Closes now with {@code cause}; see {@link ChannelIo#closeNow}. Loop thread only. */
  void closeNow(Throwable cause) {
    io.closeNow(cause);
  }

  // ---------------------------------------------------------------- public API

  /** Returns the loop this channel is confined to. */
  public EventLoop loop() {
    return loop;
  }

  /** Returns true until the channel has closed (by either side, or by an error). */
  public boolean isOpen() {
    return !io.closed();
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
    return io.isTls();
  }

  /**
   * Writes {@code srcs} in order, gathering them into as few system calls as possible; the
   * channel may keep them until written ({@link Ownership#SHARED}).
   *
   * <p>On the loop, small writes are corked: queued (copied into the loop's pooled direct chunks)
   * and written together at the end of the loop's current pass, so the frames one read or one
   * task produces for a socket cost one system call; they report {@code QUEUED}. Writes of 16 KiB
   * or more go straight to the socket, after anything corked, and report {@code WRITTEN} when the
   * socket takes them whole. Off the loop, the write is enqueued as a task and {@code QUEUED} is
   * returned.
   *
   * <p>The channel consumes {@code srcs} (advances their positions) and keeps references to any
   * with bytes left; the caller must not modify them until they are written ({@link
   * #whenFlushed()}). Pass a {@code duplicate()} to keep your own positions, and {@link
   * Ownership#LENT} to {@link #write(Ownership, ByteBuffer...)} for buffers you will reuse at once
   * (loop scratch). Under TLS the bytes are encrypted at once, so {@code srcs} are never retained
   * on the loop.
   */
  public WriteResult write(ByteBuffer... srcs) {
    return write(srcs, Ownership.SHARED);
  }

  /**
   * Like {@link #write(ByteBuffer...)}, with the sources' ownership stated: unless {@code
   * ownership} {@linkplain Ownership#mayKeep may be kept}, the channel keeps no reference to
   * {@code srcs} once this returns, and copies whatever is not written now into a right-sized heap
   * buffer (off the loop: all of it, before returning). The channel never writes into a source.
   */
  public WriteResult write(Ownership ownership, ByteBuffer... srcs) {
    return write(srcs, Objects.requireNonNull(ownership, "ownership"));
  }

  /**
   * On the loop, offers the bytes corked so far in this pass to the socket now rather than at
   * the end of the pass (say, before deciding that a queue is too long). Off the loop it does
   * nothing: writes made there run as loop tasks, flushed when the batch of tasks ends.
   */
  public void flush() {
    if (loop.inEventLoop()) {
      io.flushNow();
    }
  }

  /**
   * Writes {@code head} and then {@code body} (null for none), the usual shape of a framed
   * message: a small header in the caller's scratch and a payload. {@code head} is always {@link
   * Ownership#LENT}: it may be reused as soon as this returns. {@code body} is kept or copied as
   * {@code bodyOwnership} allows. On the loop this allocates nothing when the bytes fit the loop's
   * write chunks.
   */
  public WriteResult write(ByteBuffer head, ByteBuffer body, Ownership bodyOwnership) {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(bodyOwnership, "bodyOwnership");
    if (loop.inEventLoop()) {
      return io.writeOnLoop(head, body, bodyOwnership);
    }
    if (body == null) {
      return write(new ByteBuffer[] {head}, Ownership.LENT);
    }
    if (!bodyOwnership.mayKeep()) {
      return write(new ByteBuffer[] {head, body}, Ownership.LENT);
    }
    return write(new ByteBuffer[] {OutboundQueue.copyRemaining(head), body}, Ownership.SHARED);
  }

  /**
   * Bytes accepted by {@code write} but not yet taken by the socket: the queue (ciphertext under
   * TLS), including bytes corked until the end of the loop's pass, plus off-loop writes not yet
   * run. This is the backpressure signal; call {@link #flush()} first to see only what the socket
   * refuses.
   */
  public long queuedBytes() {
    return io.queuedOnLoop + inTransit;
  }

  /** Returns false while the queue is above the high watermark (since it last crossed it). */
  public boolean isWritable() {
    return io.writable();
  }

  /**
   * Sets the watermarks for {@link ChannelHandler#onWritabilityChanged}: unwritable when the
   * queue exceeds {@code high}, writable again when it falls to {@code low} or below.
   */
  public void setWriteWatermarks(int low, int high) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high: " + low + ", " + high);
    }
    io.watermarks = WriteWatermarks.of(low, high);
    runOnLoop(io::checkWritability);
  }

  /**
   * With {@code on}, the socket is not read while the send queue is over its high watermark, so
   * that a peer sending faster than it reads meets a full TCP window rather than a growing queue;
   * reading resumes when the queue drains to the low watermark. For a server facing peers it does
   * not trust; never for both ends of one connection (each would wait for the other to read).
   */
  public void holdReadsWhileFull(boolean on) {
    runOnLoop(() -> io.holdReadsWhileFull(on));
  }

  /**
   * Counts this channel's queued output in {@code gauge} from now on: every change in the bytes
   * waiting for the socket is passed to it, signed, on the loop (a server sums them over all its
   * connections to bound what peers make it hold). Null stops the counting. Call it on the loop
   * before the channel is shared, or expect the counting to start a little later.
   */
  public void setQueueGauge(java.util.function.LongConsumer gauge) {
    runOnLoop(() -> io.queueGauge(gauge));
  }

  /**
   * A future completing once every byte written (by this thread) before the call has been taken
   * by the socket; exceptionally with {@link ClosedChannelException} if the channel closes first.
   * Completes on the loop thread: dependent non-async stages run there and must not block.
   */
  public CompletableFuture<Void> whenFlushed() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    runOnLoop(
        () -> io.addFlushMarker(future),
        () -> future.completeExceptionally(new ClosedChannelException()));
    return future;
  }

  /**
   * Loop thread only, inside {@link ChannelHandler#onRead}: how many bytes the channel can hold for
   * its handler. Bytes the handler leaves in {@code data} (from its position to its limit) when it
   * returns come back at the start of the next {@code onRead}, followed by the bytes read next, in
   * a buffer of this capacity, without being copied unless they no longer fit where they are. Zero
   * outside {@code onRead}, under TLS, while the loop has lent all the buffers it may, and once
   * {@code ChannelIo.MAX_READS_INTO_KEPT} reads in a row left everything kept: the handler must
   * then consume everything, as {@code onRead} says.
   *
   * <p>This is how a frame split across two reads is read whole into one buffer: the layer above
   * leaves a frame that fits unconsumed until its last byte arrives.
   */
  public int unreadCapacity() {
    return io.unreadCapacity();
  }

  /** Stops reading from the socket (TCP flow control pushes back on the peer). */
  public void pauseReading() {
    runOnLoop(io::pauseReading);
  }

  /** Resumes reading after {@link #pauseReading()}. */
  public void resumeReading() {
    runOnLoop(io::resumeReading);
  }

  /** Returns true while reading is paused. */
  public boolean isReadingPaused() {
    return io.readPaused();
  }

  /**
   * Half-closes: once every queued byte is written (and, under TLS, a close_notify), shuts the
   * socket's output; the peer reads EOF and may keep sending. Later writes return {@code CLOSED}.
   */
  public void shutdownOutput() {
    runOnLoop(io::requestShutdownOutput);
  }

  /** Stops reading for good and shuts the socket's input; no {@code onInputClosed} follows. */
  public void shutdownInput() {
    runOnLoop(io::shutdownInput);
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
    runOnLoop(() -> io.closeGracefully(timeout));
  }

  /**
   * Closes at once: drops the queue and resets the connection (SO_LINGER 0, so the peer sees an
   * RST rather than a FIN).
   */
  public void abort() {
    runOnLoop(io::abort);
  }

  /** Sets TCP_NODELAY (true by default: the layer above batches its own writes). */
  public void setTcpNoDelay(boolean on) {
    runOnLoop(() -> io.setTcpNoDelay(on));
  }

  /**
   * Hands the channel's events to {@code handler}: every event after this call goes to it, none
   * to the handler it replaces. A handler that only runs a preamble (an HTTP upgrade, say) passes
   * the channel on this way instead of forwarding every event for the channel's whole life, so
   * it is not kept. Once the channel is open the new handler gets no {@code onOpen}; it gets
   * {@code onClose}. Loop thread only, typically from within a callback of the current handler.
   *
   * @throws IllegalStateException if called off the channel's loop
   */
  public void setHandler(ChannelHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("setHandler must be called on the channel's event loop");
    }
    io.handler = handler;
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
    return io.bytesRead;
  }

  /** Bytes written to the socket (ciphertext under TLS). */
  public long bytesWritten() {
    return io.bytesWritten;
  }

  @Override
  public String toString() {
    return "Channel[" + remote + " <- " + local + (io.isTls() ? ", tls" : "") + "]";
  }

  // ---------------------------------------------------------------- thread hopping

  private WriteResult write(ByteBuffer[] srcs, Ownership ownership) {
    Objects.requireNonNull(srcs, "srcs");
    if (loop.inEventLoop()) {
      return io.writeOnLoop(srcs, ownership);
    }
    if (io.closed()) {
      return WriteResult.CLOSED;
    }
    ByteBuffer[] owned = ownership.mayKeep() ? srcs.clone()
        : new ByteBuffer[] {OutboundQueue.copyRemaining(srcs)};
    long n = OutboundQueue.remaining(owned);
    IN_TRANSIT.getAndAdd(this, n);
    try {
      loop.execute(
          () -> {
            IN_TRANSIT.getAndAdd(this, -n);
            io.writeOnLoop(owned, Ownership.OWNED);
          });
    } catch (RejectedExecutionException e) {
      IN_TRANSIT.getAndAdd(this, -n);
      return WriteResult.CLOSED;
    }
    return WriteResult.QUEUED;
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

}
