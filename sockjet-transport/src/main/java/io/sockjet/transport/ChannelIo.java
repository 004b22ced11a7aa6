package io.sockjet.transport;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import io.sockjet.buffer.Ownership;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLEngine;

/**
 * Not thread-safe; confined to its event loop (except the volatile counters, read by any thread):
 * the I/O state machine behind one {@link Channel}. It reads into the loop's shared buffer,
 * writes straight to the socket or queues, drives TLS, and calls the handler.
 *
 * <p>Lifecycle: HANDSHAKING (TCP connected, TLS not yet established) -> OPEN (handler saw
 * onOpen) -> CLOSING (graceful close: draining the queue) -> CLOSED. onClose is called once, on
 * entering CLOSED, if the handler saw onOpen.
 *
 * <p>Send queue: {@code out} is null whenever no byte waits for the socket. The first byte queued
 * takes a queue from the loop's spares, and {@link #writeQueue} gives it back as soon as the
 * socket has taken the last byte (an empty queue has no flush marker left: each completes when
 * the bytes before it are written). So an idle connection holds none, and steady traffic reuses
 * the loop's few. Code that may run callbacks (a flush marker's dependents, the handler) can
 * replace or drop the queue, so the field is read again after such calls, never kept in a local.
 *
 * <p>Backpressure can reach the peer ({@link #holdReadsWhileFull}, a server's choice): while the
 * send queue is over its high watermark the socket is not read (and a peer that keeps sending
 * meets a full TCP window) until the queue drains to the low watermark. Whatever a peer sends, a
 * channel then holds at most about one read's worth of answers beyond the high watermark. Only
 * one side of a connection may do this: two peers that both stop reading while their output is
 * full wait for each other for ever once both are. Every change in the queue's size is reported
 * to the queue gauge (a server-wide count of bytes held for peers), if one was given.
 *
 * <p>Faults: whatever the handler throws, errors included, closes this channel and never escapes
 * to the loop; the loop calls {@link #onFault} for anything thrown in here all the same.
 */
final class ChannelIo implements Selectable {
  private static final System.Logger LOG = System.getLogger(Channel.class.getName());

  /**
   * Reads per readiness event: 16 x 64 KiB = 1 MiB from one connection before the loop turns to
   * the others, so one fast sender cannot starve a loop's other connections.
   */
  private static final int MAX_READS_PER_EVENT = 16;

  /**
   * Reads in a row into a kept buffer that complete nothing before the channel stops keeping it.
   * A 64 KiB frame split by loopback completes in the second; a frame of 256 KiB arriving a
   * segment at a time may take more, and is then gathered as it was before buffers were kept.
   */
  static final int MAX_READS_INTO_KEPT = 8;

  /** Writes of at least this many bytes skip the cork and go to the socket at once. */
  static final int DIRECT_WRITE_MIN = WriteChunks.CHUNK_SIZE;

  /** A corked queue this large is written at once instead of at the end of the pass. */
  static final int FLUSH_AT = 64 * 1024;

  // Lifecycle. HANDSHAKING covers TCP connected but TLS not yet established. Bytes, not ints: with
  // the flags they pack into fewer words of the object every connection has.
  private static final byte HANDSHAKING = 0;
  private static final byte OPEN = 1;
  private static final byte CLOSING = 2;
  private static final byte CLOSED = 3;

  // Loop-confined flags, bits of one byte (a boolean field each would cost a byte each).
  private static final int OPENED = 1; // the handler saw onOpen
  private static final int INPUT_CLOSED = 1 << 1;
  private static final int OUTPUT_SHUTDOWN_REQUESTED = 1 << 2;
  private static final int OUTPUT_SHUT = 1 << 3;
  private static final int FLUSH_SCHEDULED = 1 << 4; // the loop will call flush() at the pass end
  private static final int WAITING_FOR_WRITABLE = 1 << 5; // the socket took less than offered
  private static final int HOLD_READS_WHILE_FULL = 1 << 6; // not read while over the high mark
  private static final int DELIVERING_READ = 1 << 7; // onRead of a socket read is running

  // Status bits read from any thread, of one volatile byte.
  private static final int READ_PAUSED = 1;
  private static final int WRITABLE = 1 << 1;
  private static final int SHUT = 1 << 2; // closed: state is CLOSED

  private final Channel channel;
  private final SocketChannel socket;
  /** Replaced by {@link Channel#setHandler}, on the loop thread only. */
  ChannelHandler handler;
  private final TlsSession tls;
  private final CompletableFuture<Channel> openFuture;
  private final Runnable closeHook;
  /** Told every change in the bytes queued here (signed); null for none. Any thread may share it. */
  private LongConsumer queueGauge;

  // Loop-confined state.
  private OutboundQueue out; // null while nothing is queued: see the class comment
  private SelectionKey key;
  private byte state = HANDSHAKING;
  private byte flags; // OPENED, INPUT_CLOSED, ...
  private TimerHandle closeTimer;
  /**
   * A read buffer lent by the loop, holding bytes the handler left unconsumed, from its position
   * to its limit; null when none are left (almost always). See {@link ReadBuffers}.
   */
  private ByteBuffer kept;
  private byte readsIntoKept; // reads into `kept` in a row that the handler consumed nothing of

  // Read from any thread; written on the loop only (single writer, so a plain read-modify-write
  // of the volatile status byte loses no update).
  private volatile byte status = WRITABLE; // READ_PAUSED, WRITABLE, SHUT
  volatile long queuedOnLoop;
  volatile long bytesRead;
  volatile long bytesWritten;
  /** Written by any thread; read on the loop. */
  volatile WriteWatermarks watermarks = WriteWatermarks.DEFAULT;

  ChannelIo(
      Channel channel,
      EventLoop loop, // the channel's, passed as channel.loop() is not set yet
      SocketChannel socket,
      ChannelHandler handler,
      SSLEngine engineOrNull,
      Duration handshakeTimeout,
      CompletableFuture<Channel> openFuture,
      Runnable closeHook) {
    this.channel = channel;
    this.socket = socket;
    this.handler = handler;
    this.tls =
        engineOrNull == null ? null : new TlsSession(engineOrNull, handshakeTimeout, this, loop);
    this.openFuture = openFuture;
    this.closeHook = closeHook;
  }

  /**
   * Registers the channel and starts it: plain channels open at once, TLS channels start their
   * handshake. {@code preRead} (may be null) is processed as if just read from the socket. Loop
   * thread only.
   */
  void start(SelectionKey existingKey, ByteBuffer preRead) {
    assert loop().inEventLoop();
    try {
      socket.configureBlocking(false);
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (existingKey != null) {
        key = existingKey;
        key.attach(this);
      } else {
        key = loop().register(socket, 0, this);
      }
      if (tls == null) {
        markOpen();
        if (preRead != null && preRead.hasRemaining() && isActive()) {
          deliver(preRead);
        }
      } else {
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

  boolean isTls() {
    return tls != null;
  }

  /** The loop this channel is confined to. */
  private EventLoop loop() {
    return channel.loop();
  }

  private boolean is(int flag) {
    return (flags & flag) != 0;
  }

  private void set(int flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  boolean readPaused() {
    return (status & READ_PAUSED) != 0;
  }

  boolean writable() {
    return (status & WRITABLE) != 0;
  }

  /** True once closed; any thread. */
  boolean closed() {
    return (status & SHUT) != 0;
  }

  /** Sets a status bit; loop thread only (the single writer). */
  private void status(int bit, boolean on) {
    byte now = status;
    status = (byte) (on ? now | bit : now & ~bit);
  }

  // ---------------------------------------------------------------- API bodies (loop thread)

  void addFlushMarker(CompletableFuture<Void> future) {
    if (state == CLOSED) {
      future.completeExceptionally(new ClosedChannelException());
    } else if (out == null) {
      future.complete(null); // nothing queued: everything written so far is flushed
    } else {
      out.addFlushMarker(future);
    }
  }

  void pauseReading() {
    status(READ_PAUSED, true);
    updateInterest();
  }

  void resumeReading() {
    if (!readPaused()) {
      return;
    }
    status(READ_PAUSED, false);
    updateInterest();
    readHeldLater();
  }

  void shutdownInput() {
    if (state == CLOSED || is(INPUT_CLOSED)) {
      return;
    }
    set(INPUT_CLOSED, true);
    updateInterest();
    try {
      socket.shutdownInput();
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (is(OUTPUT_SHUT)) {
      closeNow(null);
    }
  }

  void abort() {
    if (state == CLOSED) {
      return;
    }
    try {
      socket.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException e) {
      LOG.log(DEBUG, "SO_LINGER", e);
    }
    closeNow(null);
  }

  void setTcpNoDelay(boolean on) {
    try {
      socket.setOption(StandardSocketOptions.TCP_NODELAY, on);
    } catch (IOException e) {
      LOG.log(DEBUG, "TCP_NODELAY", e);
    }
  }

  // ---------------------------------------------------------------- write path (loop thread)

  WriteResult writeOnLoop(ByteBuffer[] srcs, Ownership ownership) {
    boolean copy = !ownership.mayKeep();
    return afterWrite(write(srcs, copy, copy));
  }

  /**
   * Writes {@code head}, then {@code body} if not null: {@code head} is lent (it may be the
   * caller's scratch), {@code body} is retained until written if {@code bodyOwnership} allows.
   */
  WriteResult writeOnLoop(ByteBuffer head, ByteBuffer body, Ownership bodyOwnership) {
    if (body == null || tls != null) {
      // TLS encrypts at once and writes its records through the loop's one-buffer scratch, so
      // the sources get an array of their own.
      return afterWrite(write(body == null ? new ByteBuffer[] {head}
          : new ByteBuffer[] {head, body}, true, true));
    }
    LoopScratch scratch = loop().scratch;
    WriteResult result;
    try {
      result = write(scratch.pair(head, body), true, !bodyOwnership.mayKeep());
    } finally {
      scratch.giveBackPair();
    }
    // After the scratch is back: the writability event may run the handler, which may write.
    return afterWrite(result);
  }

  /**
   * Writes or queues {@code srcs}; the caller then calls {@link #afterWrite}, once any scratch
   * holding the sources is given back.
   */
  private WriteResult write(ByteBuffer[] srcs, boolean copyFirst, boolean copyRest) {
    if (state != OPEN || is(OUTPUT_SHUTDOWN_REQUESTED)) {
      return WriteResult.CLOSED;
    }
    boolean queued;
    try {
      queued = tls != null ? tls.wrap(srcs) : writeWire(srcs, copyFirst, copyRest);
    } catch (IOException | RuntimeException e) {
      closeNow(e);
      return WriteResult.CLOSED;
    }
    return queued ? WriteResult.QUEUED : WriteResult.WRITTEN;
  }

  /** Tells the handler if the write changed writability (it may write again); returns result. */
  private WriteResult afterWrite(WriteResult result) {
    if (result != WriteResult.CLOSED) {
      checkWritability();
    }
    return result;
  }

  /** Writes one wire buffer (TLS records); nothing of it is retained. Loop thread only. */
  boolean writeWire(ByteBuffer src) throws IOException {
    LoopScratch scratch = loop().scratch;
    try {
      return writeWire(scratch.one(src), true, true);
    } finally {
      scratch.giveBackOne();
    }
  }

  /**
   * Queues wire bytes to be written at the end of the loop's pass ("corked"), so that the many
   * frames one pass produces for this socket (the echoes of one read, a run of broadcasts) go in
   * one system call. Large writes, or a queue past {@link #FLUSH_AT}, are written at once. Never
   * calls the handler or a flush future's dependents, so callers may hold loop scratch while
   * calling it.
   *
   * @param copyFirst whether {@code srcs[0]} must be copied rather than retained
   * @param copyRest whether the other buffers must be
   * @return true if anything is left queued
   */
  private boolean writeWire(ByteBuffer[] srcs, boolean copyFirst, boolean copyRest)
      throws IOException {
    if (OutboundQueue.remaining(srcs) >= DIRECT_WRITE_MIN) {
      // Large: copying it to cork it would cost more than the system call it saves.
      writeQueuedNow();
      if (out == null) {
        bytesWritten += OutboundQueue.writeDirect(socket, srcs);
      }
    }
    for (int i = 0; i < srcs.length; i++) {
      if (srcs[i].hasRemaining()) {
        if (out == null) {
          out = loop().takeQueue();
        }
        out.append(srcs[i], !(i == 0 ? copyFirst : copyRest), loop().writeChunks);
      }
    }
    if (out == null) {
      return false; // written whole (or nothing to write)
    }
    // Past the high watermark too: a burst the socket would take whole must not look like
    // backpressure to anyone reading queuedBytes() or waiting for writability.
    // And when the loop's chunks are all out: a pass writing to many sockets stops corking.
    boolean cork = out.queuedBytes() < Math.min(FLUSH_AT, watermarks.high())
        && !loop().writeChunks.exhausted();
    if (!cork) {
      writeQueuedNow();
    } else if (!is(FLUSH_SCHEDULED)) {
      loop().deferFlush(this);
      set(FLUSH_SCHEDULED, true);
    }
    setQueued(queuedBytes());
    return out != null;
  }

  /**
   * Reports this channel's queued bytes to {@code gauge} from now on (null: to none): what is
   * queued now moves from the old gauge to the new one. Loop thread only.
   */
  void queueGauge(LongConsumer gauge) {
    long q = queuedOnLoop;
    if (queueGauge != null) {
      queueGauge.accept(-q);
    }
    queueGauge = gauge;
    if (gauge != null) {
      gauge.accept(q);
    }
  }

  /** See the class comment. Loop thread only. */
  void holdReadsWhileFull(boolean on) {
    set(HOLD_READS_WHILE_FULL, on);
    updateInterest();
  }

  /** Publishes the queue's size to other threads and to the gauge. Loop thread only. */
  private void setQueued(long now) {
    long before = queuedOnLoop;
    if (now != before) {
      queuedOnLoop = now;
      if (queueGauge != null) {
        queueGauge.accept(now - before);
      }
    }
  }

  /** Bytes in the send queue. Loop thread only. */
  private long queuedBytes() {
    OutboundQueue q = out;
    return q == null ? 0 : q.queuedBytes();
  }

  /** Whether a send queue is held now (tests). Loop thread only. */
  boolean holdsQueue() {
    return out != null;
  }

  /** Offers corked bytes to the socket now instead of at the end of the pass. Loop thread only. */
  void flushNow() {
    // The same as the end of the pass, so that a queue this drains completes a pending close or
    // output shutdown as a drain by the socket would.
    if (state != CLOSED && out != null && !is(WAITING_FOR_WRITABLE)) {
      onWritable();
    }
  }

  /** Writes what the queue holds, unless the socket said it is full and has not said otherwise. */
  private void writeQueuedNow() throws IOException {
    if (out != null && !is(WAITING_FOR_WRITABLE)) {
      writeQueue();
    }
  }

  /**
   * Writes as much of the queue as the socket takes; asks for OP_WRITE if it leaves some, and
   * gives the queue back to the loop if it leaves none. {@code out} must not be null.
   */
  private void writeQueue() throws IOException {
    // Flush futures the write completes are completed by a task of the loop's, not in here: their
    // dependents are the caller's code, which may write, and a write from inside this one would
    // reuse the loop's scratch arrays (and TLS's record buffer) that callers up the stack hold.
    LoopScratch scratch = loop().scratch;
    try {
      bytesWritten += out.writeTo(socket, scratch.gather(), loop().writeChunks, loop());
    } finally {
      scratch.giveBackGather();
    }
    OutboundQueue q = out;
    if (q != null && q.isEmpty()) {
      out = null;
      loop().giveBack(q);
    }
    set(WAITING_FOR_WRITABLE, out != null);
    setQueued(queuedBytes());
    updateInterest();
  }

  /** End of the loop's pass: writes what was corked. Loop thread only; called by the loop. */
  void flush() {
    set(FLUSH_SCHEDULED, false);
    flushNow();
  }

  private void onWritable() {
    if (out != null) {
      try {
        writeQueue();
      } catch (IOException e) {
        closeNow(e);
        return;
      }
    }
    if (state == CLOSED) {
      return;
    }
    if (out == null) {
      if (state == CLOSING) {
        closeNow(null);
        return;
      }
      if (is(OUTPUT_SHUTDOWN_REQUESTED) && !is(OUTPUT_SHUT)) {
        doShutdownOutput();
      }
    }
    checkWritability();
  }

  void checkWritability() {
    if (state == CLOSED) {
      return;
    }
    long q = queuedBytes();
    WriteWatermarks w = watermarks;
    if (writable() && q > w.high()) {
      status(WRITABLE, false);
      updateInterest(); // not read until it drains: see the class comment
      notifyWritability(false);
    } else if (!writable() && q <= w.low()) {
      status(WRITABLE, true);
      updateInterest();
      readHeldLater();
      notifyWritability(true);
    }
  }

  private void notifyWritability(boolean now) {
    if (!is(OPENED)) {
      return;
    }
    try {
      handler.onWritabilityChanged(channel, now);
    } catch (Throwable t) {
      handlerFailed(t);
    }
  }

  // ---------------------------------------------------------------- read path (loop thread)

  private void onReadable() {
    ReadBuffers buffers = loop().readBuffers;
    for (int i = 0; i < MAX_READS_PER_EVENT && canRead(); i++) {
      ByteBuffer buf = kept != null ? kept : buffers.current().clear();
      int start = kept != null ? readInAfter(kept) : 0;
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
      buf.limit(buf.position()).position(start);
      if (tls != null) {
        try {
          tls.onCiphertext(buf);
        } catch (IOException | RuntimeException e) {
          failTls(e);
          return;
        }
      } else if (n > 0) {
        if (kept != null) {
          readsIntoKept++;
        }
        set(DELIVERING_READ, true);
        try {
          deliver(buf);
        } finally {
          set(DELIVERING_READ, false);
        }
        if (buf.position() > start) {
          readsIntoKept = 0; // the handler got on: a frame completed
        }
        keepUnread(buf, mayKeep());
      }
      if (!full) {
        return; // the socket had no more for now
      }
    }
  }

  /**
   * Readies the kept buffer to read in after the bytes it holds, moving them to its start first
   * only if no room is left after them; returns the index they start at.
   */
  private static int readInAfter(ByteBuffer kept) {
    if (kept.limit() == kept.capacity()) {
      kept.compact();
      return 0;
    }
    int start = kept.position();
    kept.position(kept.limit()).limit(kept.capacity());
    return start;
  }

  /**
   * After the handler: bytes it left in {@code buf} (only ever with {@link #unreadCapacity} above
   * zero, which it still is: no buffer is lent while a handler runs) are kept for the next read, in the buffer they are in; a kept buffer the handler
   * emptied goes back to the loop.
   */
  private void keepUnread(ByteBuffer buf, boolean mayKeep) {
    if (!mayKeep || !buf.hasRemaining() || state == CLOSED) {
      giveBackKept();
    } else if (kept == null) {
      kept = loop().readBuffers.lend(buf);
    }
  }

  private void giveBackKept() {
    if (kept != null) {
      loop().readBuffers.giveBack(kept);
      kept = null;
    }
    readsIntoKept = 0;
  }

  /**
   * Whether bytes the handler leaves may be kept: in the buffer already kept, unless
   * {@link #MAX_READS_INTO_KEPT} reads in a row completed nothing (a peer dribbling a large frame
   * would hold a lent buffer for as long as it likes; it now goes the way of a buffer of the
   * message's own, where the memory budget and the message timeout apply), or in one the loop
   * lends.
   */
  private boolean mayKeep() {
    return kept != null ? readsIntoKept < MAX_READS_INTO_KEPT : loop().readBuffers.canLend();
  }

  /**
   * While the handler's {@code onRead} runs: how many bytes this channel will hand back if the
   * handler leaves them; see {@link Channel#unreadCapacity()}. Loop thread only.
   */
  int unreadCapacity() {
    return is(DELIVERING_READ) && mayKeep() ? loop().readBuffers.size() : 0;
  }

  private boolean canRead() {
    return (state == OPEN || state == HANDSHAKING)
        && !is(INPUT_CLOSED)
        && ((!readPaused() && (writable() || !is(HOLD_READS_WHILE_FULL)))
            || state == HANDSHAKING);
  }

  /** Hands plaintext to the handler; {@code data} is loop scratch valid until this returns. */
  void deliver(ByteBuffer data) {
    if (state != OPEN && state != CLOSING) {
      return;
    }
    try {
      handler.onRead(channel, data);
    } catch (Throwable t) {
      handlerFailed(t);
    }
  }

  /**
   * Reading may go on again (resumed, or the queue drained): TLS records held meanwhile are
   * delivered from a fresh task, never from inside the handler call that let reading go on (the
   * plaintext scratch may be in use up the stack).
   */
  private void readHeldLater() {
    if (tls != null && tls.hasHeld()) {
      loop().execute(this::processHeld);
    }
  }

  private void processHeld() {
    if (tls == null || !tls.hasHeld() || !canRead()) {
      return;
    }
    ByteBuffer buf = loop().readBuffer();
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
    if (!is(OPENED)) {
      closeNow(new EOFException("peer closed the connection during the TLS handshake"));
      return;
    }
    onInputEnded();
  }

  /** The peer will send nothing more (FIN or close_notify). Loop thread only. */
  void onInputEnded() {
    if (is(INPUT_CLOSED) || state == CLOSED) {
      return;
    }
    set(INPUT_CLOSED, true);
    updateInterest();
    try {
      handler.onInputClosed(channel);
    } catch (Throwable t) {
      handlerFailed(t);
      return;
    }
    if (is(OUTPUT_SHUT) && state != CLOSED) {
      closeNow(null);
    }
  }

  // ---------------------------------------------------------------- lifecycle (loop thread)

  /** The TLS handshake has completed. Loop thread only. */
  void onHandshakeComplete() {
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
    set(OPENED, true);
    updateInterest();
    try {
      handler.onOpen(channel);
    } catch (Throwable t) {
      handlerFailed(t);
      return;
    }
    if (openFuture != null && state != CLOSED) {
      openFuture.complete(channel);
    }
  }

  void requestShutdownOutput() {
    if (state != OPEN || is(OUTPUT_SHUTDOWN_REQUESTED)) {
      return;
    }
    set(OUTPUT_SHUTDOWN_REQUESTED, true);
    try {
      if (tls != null) {
        tls.closeOutbound();
      }
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    if (out == null) {
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
    set(OUTPUT_SHUT, true);
    if (is(INPUT_CLOSED)) {
      closeNow(null);
    }
  }

  void closeGracefully(Duration timeout) {
    if (state == CLOSED || state == CLOSING) {
      return;
    }
    if (!is(OPENED)) {
      closeNow(null);
      return;
    }
    state = CLOSING;
    updateInterest();
    if (tls != null && !is(OUTPUT_SHUTDOWN_REQUESTED)) {
      try {
        tls.closeOutbound();
      } catch (IOException e) {
        closeNow(e);
        return;
      }
    }
    if (out == null) {
      closeNow(null);
      return;
    }
    closeTimer =
        loop().schedule(
            () ->
                closeNow(
                    new SocketTimeoutException(
                        "close timed out after "
                            + timeout
                            + " with "
                            + queuedBytes()
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

  /**
   * The handler threw: this channel closes, the loop goes on. Errors too (an OutOfMemoryError from
   * this connection's allocation): what the connection held is released by the close.
   */
  private void handlerFailed(Throwable t) {
    Logging.log(LOG, WARNING, "handler failed; closing " + channel, t);
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
    status(SHUT, true);
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
    if (!is(DELIVERING_READ)) {
      giveBackKept(); // else the read in progress does, once the handler is done with the buffer
    }
    if (out != null) {
      // Not given back to the loop: a caller up the stack may still be inside this queue's
      // writeTo (a flush marker's dependent closed the channel); the collector takes it.
      OutboundQueue q = out;
      out = null;
      q.discard(closedBecause(cause), loop().writeChunks);
    }
    setQueued(0);
    if (openFuture != null && !openFuture.isDone()) {
      openFuture.completeExceptionally(cause != null ? cause : closedBecause(null));
    }
    if (is(OPENED)) {
      try {
        handler.onClose(channel, cause);
      } catch (Throwable t) {
        Logging.log(LOG, WARNING, "onClose failed for " + channel, t);
      }
    } else if (cause != null && LOG.isLoggable(DEBUG)) {
      LOG.log(DEBUG, "channel failed before opening: " + channel, cause);
    }
    if (closeHook != null) {
      closeHook.run();
    }
  }

  /**
   * What pending writes and an unfinished open fail with. Made only when one is there to fail:
   * an exception fills in its stack trace, a cost every closing connection would pay otherwise.
   */
  private static ClosedChannelException closedBecause(Throwable cause) {
    ClosedChannelException closed = new ClosedChannelException();
    if (cause != null) {
      closed.initCause(cause);
    }
    return closed;
  }

  private void updateInterest() {
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = 0;
    if (canRead() && state != CLOSING) {
      ops |= SelectionKey.OP_READ;
    }
    if (is(WAITING_FOR_WRITABLE)) {
      ops |= SelectionKey.OP_WRITE;
    }
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  // The channel's selector attachment is this object itself (no companion object per connection);
  // the class is package-private, so these loop hooks are not public API.

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
  public void onFault(Throwable fault) {
    closeNow(fault);
  }

  @Override
  public void onLoopShutdown(boolean force) {
    if (force) {
      closeNow(null);
    } else {
      closeGracefully(Channel.DEFAULT_CLOSE_TIMEOUT);
    }
  }
}
