package io.sockjet;

import io.sockjet.protocol.CloseOutcome;
import io.sockjet.protocol.Connection;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.ConnectionListener;
import io.sockjet.protocol.ConnectionState;
import io.sockjet.protocol.FrameOutput;
import io.sockjet.protocol.MemoryBudget;
import io.sockjet.protocol.MessageAssembler;
import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.protocol.frame.CloseStatus;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.protocol.text.Utf8Encoder;
import io.sockjet.transport.Channel;
import io.sockjet.transport.ChannelHandler;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.Logging;
import io.sockjet.transport.TimerHandle;
import io.sockjet.transport.WriteResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link WebSocket} bound to a transport {@link Channel}: the glue between the sans-I/O {@link
 * Connection} and the socket. It owns the write path (backpressure, the queue cap), the timers
 * (close handshake, keepalive, idle) and listener dispatch.
 *
 * <p>Threading: the protocol connection, the assembler and every field not marked volatile or
 * atomic are confined to the channel's event loop, with two exceptions: {@code liveIndex}, read
 * and written only under the lock of the owner's {@link LiveConnections}, and {@code agreed},
 * set before the connection is published to any other thread. Public methods may be called from any thread:
 * off the loop they capture their arguments and enqueue a task. Listener callbacks run on the loop,
 * or through {@link SerialExecutor} on the configured executor, never concurrently.
 */
final class WebSocketConnection implements WebSocket, ChannelHandler, ConnectionListener,
    FrameOutput, LiveConnections.Member {
  private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());
  private static final VarHandle CLOSE_FUTURE;
  private static final VarHandle IN_FLIGHT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CLOSE_FUTURE = lookup
          .findVarHandle(WebSocketConnection.class, "closeFuture", CompletableFuture.class);
      IN_FLIGHT = lookup.findVarHandle(WebSocketConnection.class, "inFlight", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Loop-confined flags, bits of one byte (a boolean field each would cost a byte each).
  private static final int STREAMING_MESSAGE = 1; // the message coming in goes to a FrameListener
  private static final int COPY_ON_QUEUE = 1 << 1; // the payload being written is the caller's
  private static final int ERROR_REPORTED = 1 << 2; // onError is called at most once
  private static final int ABORTED_HERE = 1 << 3; // this side dropped the socket, not the peer
  private static final int CLOSE_TIMING = 1 << 4; // the timer is the close handshake's
  private static final int HEARD = 1 << 5; // a whole frame arrived in the read being handled

  /** A control frame's most bytes on the wire: 2 header bytes and 125 of payload (unmasked). */
  private static final int MAX_CONTROL_FRAME = 127;

  /**
   * Bytes read between two keepalive checks that prove a peer alive even if no frame completed:
   * a large frame on a slow link makes steady progress, a peer that dribbles a byte every few
   * seconds to look alive does not. 16 KiB per check is 400 B/s at the default 40 s.
   */
  private static final long PROGRESS_BYTES = 16 * 1024;

  private static final WriteResult[] WRITE_RESULTS = WriteResult.values();

  /** Listeners run on the loop, in line (no handler executor): one instance for all. */
  private static final Consumer<Runnable> INLINE = Runnable::run;

  /**
   * The server or client a connection belongs to: told when the connection closes, so it can
   * forget it, and the keeper of what all its connections share (so no connection holds a field
   * for each).
   */
  interface Owner {
    void closed(WebSocketConnection connection);

    Counters counters();

    ConnectionSettings settings();

    /** What all the owner's connections may hold for their peers together; null for no cap. */
    default MemoryBudget budget() {
      return null;
    }
  }

  private final Channel channel;
  private final Owner owner;
  private final Connection protocol;
  private final Consumer<Runnable> dispatcher; // INLINE, or a SerialExecutor's
  private final KeptRequest request;
  // What the handshake settled beyond the request; null when all of it is the default, as on most
  // servers. Set by the constructor and enableCompression, before the connection is published;
  // read-only afterwards.
  private Agreed agreed;

  // Bytes of sends made off the loop and not yet run there; added to by any thread, atomically
  // through IN_FLIGHT (a field rather than an AtomicLong: one object less per connection). The
  // channel's own count does not cover them: it counts bytes written, these are not encoded yet.
  private volatile long inFlight;
  // Null until the first closeFuture() call or the close, whichever comes first (most connections
  // never have one): either installs it, from any thread, by compare-and-set (CLOSE_FUTURE).
  private volatile CompletableFuture<CloseEvent> closeFuture;
  // What only some connections use; created by the first use of any of it (see Extras).
  private volatile Extras extras;
  // Copy-on-write (see ListenerList): replaced under this object's lock, never written into; at
  // first the array shared by every connection of the server or client.
  private volatile WebSocketListener[] listeners;
  private volatile ReadyState state = ReadyState.OPEN;
  private volatile CloseEvent closeEvent;

  // The index in the owner's LiveConnections, -1 when not a member; guarded by its lock.
  private int liveIndex = -1;

  // Loop-confined.
  private MessageAssembler assembler; // created by the first whole message received
  private byte flags; // STREAMING_MESSAGE, COPY_ON_QUEUE, ...
  // What the channel did with the send's last frame: its WriteResult's ordinal + 1; 0 for none.
  private byte lastWrite;
  // The keepalive check while the connection is open, then the closing handshake's timeout
  // (CLOSE_TIMING): once closing starts, the keepalive check has nothing left to do.
  private TimerHandle timer;
  private long lastHeardNanos; // when the peer last completed a frame (or made progress)
  private long bytesAtCheck; // the channel's bytes read at the last keepalive check
  private long pingDeadlineNanos; // 0 when no keepalive ping is outstanding
  private long messageStartNanos; // when the message coming in started; 0 when none is

  WebSocketConnection(Channel channel, Role role, Owner owner, MaskKeySource maskKeys,
      WebSocketListener[] listeners, KeptRequest request,
      List<Map.Entry<String, String>> responseFields, String subprotocol, Object attachment) {
    this.channel = channel;
    this.owner = owner;
    this.listeners = listeners;
    this.request = request;
    if (subprotocol != null || !responseFields.isEmpty() || attachment != null) {
      this.agreed = new Agreed(subprotocol, null, null, responseFields, attachment);
    }
    Executor executor = settings().executor();
    this.dispatcher = executor == null ? INLINE : new SerialExecutor(executor)::execute;
    this.protocol = new Connection(role, settings().limits(), maskKeys, this, this);
    channel.setWriteWatermarks(settings().lowWaterMark(), settings().highWaterMark());
    if (owner.budget() != null) {
      channel.setQueueGauge(owner.budget());
    }
    if (role == Role.SERVER) {
      // A server stops reading a peer whose replies pile up (a flood that never reads); a client
      // always reads, so the two ends never both wait for the other to read.
      channel.holdReadsWhileFull(true);
    }
  }

  /**
   * Turns on permessage-deflate as the handshake agreed; before {@link #open} and before the
   * connection is visible to other threads. {@code release} runs once when the connection closes
   * (it gives back the compression budget).
   */
  void enableCompression(PerMessageDeflate deflate, String extensions, Runnable release) {
    this.agreed = new Agreed(subprotocol(), extensions, release, responseFields(), attachment());
    protocol.setPerMessageDeflate(deflate);
  }

  /**
   * What the opening handshake settled beyond the request: the subprotocol (null for none); with
   * permessage-deflate, the Sec-WebSocket-Extensions value (else null) and what gives back the
   * compression budget (null for none); the 101's header fields kept as data (on a client all of
   * them, as received; on a server only those the handshake hook added, the standard ones being
   * rebuilt from the request, subprotocol and extensions when asked for); and the hook's
   * attachment. One object, absent when all of it is the default, so that the many connections
   * with no subprotocol, compression, extra field or attachment pay one field for all five.
   */
  private record Agreed(String subprotocol, String extensions, Runnable release,
      List<Map.Entry<String, String>> responseFields, Object attachment) {}

  /**
   * What only some connections use, created by the first use of any of it, so that the others
   * pay one field for all four: the {@link #nextMessage()} callers (in call order) and the
   * attributes, each created by its first use, from any thread, under the connection's lock; the
   * frame listener and the stream being sent, confined to the loop.
   */
  private static final class Extras {
    volatile Queue<CompletableFuture<Message>> waiters;
    volatile Map<String, Object> attributes;
    FrameListener frameListener;
    StreamSend stream;
  }

  /** The extras, created if need be; any thread. */
  private Extras extras() {
    Extras x = extras;
    if (x == null) {
      synchronized (this) {
        x = extras;
        if (x == null) {
          x = new Extras();
          extras = x;
        }
      }
    }
    return x;
  }

  /** The frame listener, or null; on the loop. */
  private FrameListener frameListener() {
    Extras x = extras;
    return x == null ? null : x.frameListener;
  }

  /** The stream being sent, or null; on the loop. */
  private StreamSend stream() {
    Extras x = extras;
    return x == null ? null : x.stream;
  }

  /** The loop the connection is confined to: its channel's. */
  private EventLoop loop() {
    return channel.loop();
  }

  /** The settings every connection of the owner shares. */
  private ConnectionSettings settings() {
    return owner.settings();
  }

  /** The connection's codec, or null; its settings are final, so any thread may read them. */
  PerMessageDeflate deflate() {
    return protocol.perMessageDeflate();
  }

  /** Starts the connection on its loop: timers, then onOpen, then any bytes read with the head. */
  void open(ByteBuffer trailing) {
    lastHeardNanos = loop().clock().nanoTime();
    bytesAtCheck = channel.bytesRead();
    scheduleKeepalive();
    dispatch(l -> l.onOpen(this));
    if (trailing != null && trailing.hasRemaining()) {
      onRead(channel, trailing);
    }
  }

  // ================================================================== sending (any thread)

  @Override
  public SendResult sendText(CharSequence text) {
    if (loop().inEventLoop()) {
      return sendMessageOnLoop(text, null);
    }
    String s = text.toString();
    return sendOffLoop(textSize(s), () -> protocol.sendText(s));
  }

  /**
   * The size a text counts for in the limits: its char count when even 3 bytes per char would
   * pass the outgoing limit (exact for ASCII, and it spares a walk over the text), else its exact
   * UTF-8 length, so the message size limit itself is enforced exactly. The queue cap counts the
   * same figure, so for non-ASCII text it is approximate (up to three times under).
   */
  private long textSize(CharSequence text) {
    int chars = text.length();
    return 3L * chars <= settings().maxOutgoingMessage() ? chars : Utf8Encoder.encodedLength(text);
  }

  @Override
  public SendResult sendBinary(ByteBuffer data) {
    if (loop().inEventLoop()) {
      return sendMessageOnLoop(null, data);
    }
    ByteBuffer copy = copy(data);
    return sendOffLoop(copy.remaining(), () -> protocol.sendBinary(copy));
  }

  @Override
  public SendResult sendTextFragment(CharSequence text, boolean last) {
    if (loop().inEventLoop()) {
      return sendOnLoop(textSize(text), false, () -> protocol.sendTextFragment(text, last));
    }
    String s = text.toString();
    return sendOffLoop(textSize(s), () -> protocol.sendTextFragment(s, last));
  }

  @Override
  public SendResult sendBinaryFragment(ByteBuffer data, boolean last) {
    if (loop().inEventLoop()) {
      return sendOnLoop(data.remaining(), true, () -> protocol.sendBinaryFragment(data, last));
    }
    ByteBuffer copy = copy(data);
    return sendOffLoop(copy.remaining(), () -> protocol.sendBinaryFragment(copy, last));
  }

  @Override
  public SendResult ping(ByteBuffer payload) {
    requireControlPayload(payload);
    ByteBuffer copy = copy(payload);
    return send(copy.remaining(), () -> protocol.ping(copy));
  }

  @Override
  public SendResult pong(ByteBuffer payload) {
    requireControlPayload(payload);
    ByteBuffer copy = copy(payload);
    return send(copy.remaining(), () -> protocol.pong(copy));
  }

  /** Sends a frame encoded once for many connections (a broadcast); the frame is shared. */
  SendResult sendShared(io.sockjet.protocol.PreparedFrame frame) {
    return send(frame.length(), () -> protocol.sendPrepared(frame));
  }

  private SendResult send(long size, Runnable action) {
    return loop().inEventLoop() ? sendOnLoop(size, false, action) : sendOffLoop(size, action);
  }

  private static void requireControlPayload(ByteBuffer payload) {
    // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less".
    if (payload.remaining() > 125) {
      throw new IllegalArgumentException("control frame payload of " + payload.remaining()
          + " bytes; RFC 6455 §5.5 allows at most 125");
    }
  }

  private void requireSendableSize(long size) {
    if (size > settings().maxOutgoingMessage()) {
      throw new IllegalArgumentException("message of " + size + " bytes exceeds the outgoing limit of "
          + settings().maxOutgoingMessage());
    }
  }

  private SendResult sendOffLoop(long size, Runnable action) {
    requireSendableSize(size);
    if (state != ReadyState.OPEN) {
      return SendResult.REFUSED;
    }
    if (budgetRefuses(size)) {
      loop().execute(this::overBudget);
      return SendResult.REFUSED;
    }
    long queued = (long) IN_FLIGHT.getAndAdd(this, size) + size + channel.queuedBytes();
    if (queued > settings().maxQueuedBytes()) {
      IN_FLIGHT.getAndAdd(this, -size);
      loop().execute(this::overflow);
      return SendResult.REFUSED;
    }
    loop().execute(() -> {
      IN_FLIGHT.getAndAdd(this, -size);
      runSend(action, false);
    });
    return SendResult.QUEUED;
  }

  private SendResult sendOnLoop(long size, boolean callerOwnsPayload, Runnable action) {
    SendResult refused = admitOnLoop(size);
    return refused != null ? refused : toSendResult(runSend(action, callerOwnsPayload));
  }

  /** The checks before a send on the loop: null if it may go ahead, else why not. */
  private SendResult admitOnLoop(long size) {
    requireSendableSize(size);
    if (state != ReadyState.OPEN) {
      return SendResult.REFUSED;
    }
    if (inFlight + channel.queuedBytes() + size > settings().maxQueuedBytes()) {
      channel.flush(); // corked bytes the socket takes now are not a backlog
      if (inFlight + channel.queuedBytes() + size > settings().maxQueuedBytes()) {
        overflow();
        return SendResult.REFUSED;
      }
    }
    if (budgetRefuses(size)) {
      overBudget();
      return SendResult.REFUSED;
    }
    return null;
  }

  /**
   * Whether the owner's budget for peers has no room for {@code size} more bytes queued here. A
   * connection keeping up (nothing queued) writes to its socket at once and is not checked: the
   * budget bounds what lagging peers make the server hold, not what it sends.
   */
  private boolean budgetRefuses(long size) {
    MemoryBudget budget = owner.budget();
    return budget != null && (inFlight > 0 || channel.queuedBytes() > 0)
        && size > budget.available();
  }

  /** This lagging connection needs more of the budget than is left: it goes, the others stay. */
  private void overBudget() {
    closeOnLoop(CloseCode.TRY_AGAIN_LATER, "server busy", null, false);
  }

  private static SendResult toSendResult(WriteResult result) {
    return result == WriteResult.WRITTEN ? SendResult.WRITTEN
        : result == WriteResult.QUEUED ? SendResult.QUEUED : SendResult.REFUSED;
  }

  /** Runs a protocol send on the loop; returns what the channel did with the last frame. */
  private WriteResult runSend(Runnable action, boolean callerOwnsPayload) {
    if (!beginSend(callerOwnsPayload)) {
      return WriteResult.CLOSED;
    }
    try {
      action.run();
      owner.counters().messageOut();
    } finally {
      set(COPY_ON_QUEUE, false);
    }
    return lastWriteResult();
  }

  /** What the channel did with the send's last frame; CLOSED if none reached it. */
  private WriteResult lastWriteResult() {
    return lastWrite == 0 ? WriteResult.CLOSED : WRITE_RESULTS[lastWrite - 1];
  }

  private boolean is(int flag) {
    return (flags & flag) != 0;
  }

  private void set(int flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  /**
   * A whole message sent on the loop, {@code text} or else binary {@code data}, spelled out rather
   * than passed to {@link #runSend} as a lambda: the hot path of an echo or a forward allocates
   * nothing (a capturing lambda would be an object per send).
   */
  private SendResult sendMessageOnLoop(CharSequence text, ByteBuffer data) {
    SendResult refused = admitOnLoop(text != null ? textSize(text) : data.remaining());
    if (refused != null) {
      return refused;
    }
    if (!beginSend(false)) {
      return SendResult.REFUSED;
    }
    // Both are read during the call only: text is encoded into a scratch buffer, and the channel
    // copies whatever the socket does not take at once.
    if (text != null) {
      protocol.sendText(text);
    } else {
      protocol.sendBinaryTransient(data);
    }
    owner.counters().messageOut();
    return toSendResult(lastWriteResult());
  }

  /** Prepares a send on the loop; false if the connection closed before it could run. */
  private boolean beginSend(boolean callerOwnsPayload) {
    if (protocol.state() != ConnectionState.OPEN) {
      return false; // closed between the call and now: the send was never sent
    }
    set(COPY_ON_QUEUE, callerOwnsPayload);
    lastWrite = 0;
    return true;
  }

  private void overflow() {
    if (settings().overflowPolicy() == OverflowPolicy.CLOSE) {
      closeOnLoop(CloseCode.POLICY_VIOLATION, "send queue over limit", null, false);
    }
  }

  /**
   * FrameOutput: backed up while the channel is over its high-water mark or a control frame more
   * would pass the queue cap; pings are then answered by one pong once it drains.
   */
  @Override
  public boolean backedUp() {
    return !channel.isWritable()
        || inFlight + channel.queuedBytes() + MAX_CONTROL_FRAME > settings().maxQueuedBytes();
  }

  /** FrameOutput: the protocol connection encoded a frame. On the loop. */
  @Override
  public void write(ByteBuffer header, ByteBuffer payload) {
    owner.counters().bytesOut(header.remaining() + (payload == null ? 0 : payload.remaining()));
    // The header is the connection's scratch: the channel copies it. The payload is ours
    // (encoded, masked or a private copy) unless the caller owns it (COPY_ON_QUEUE).
    lastWrite = (byte) (channel.write(header, payload, is(COPY_ON_QUEUE)).ordinal() + 1);
  }

  /** FrameOutput: a frame whose payload is the protocol's scratch (encoded text). On the loop. */
  @Override
  public void writeTransient(ByteBuffer header, ByteBuffer payload) {
    owner.counters().bytesOut(header.remaining() + payload.remaining());
    lastWrite = (byte) (channel.write(header, payload, true).ordinal() + 1);
  }

  private static ByteBuffer copy(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data.duplicate());
    return copy.flip();
  }

  @Override
  public CompletableFuture<Void> sendStream(boolean text, ChunkProducer producer) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop().execute(() -> {
      if (stream() != null || protocol.state() != ConnectionState.OPEN) {
        done.completeExceptionally(new IllegalStateException(
            stream() != null ? "a stream is already being sent" : "connection is " + state));
        return;
      }
      extras().stream = new StreamSend(text, producer, done);
      pumpStream();
    });
    return done;
  }

  @Override
  public void resumeStream() {
    onLoop(() -> {
      StreamSend s = stream();
      if (s != null && s.paused) {
        s.paused = false;
        pumpStream();
      }
    });
  }

  /**
   * Sends stream pieces while the channel is writable; resumes on the drain event, or on {@link
   * #resumeStream} after the producer said it had nothing yet. On the loop.
   */
  private void pumpStream() {
    StreamSend s = stream();
    while (s != null && !s.paused && channel.isWritable()) {
      if (protocol.state() != ConnectionState.OPEN) {
        extras.stream = null;
        s.done.completeExceptionally(new ClosedChannelException());
        return;
      }
      ByteBuffer chunk;
      try {
        chunk = s.producer.nextChunk();
      } catch (Throwable e) {
        extras.stream = null;
        s.done.completeExceptionally(e);
        // The message cannot be finished: the peer is told something went wrong here (1011).
        Logging.log(LOG, System.Logger.Level.WARNING, "stream producer of " + this + " threw", e);
        closeOnLoop(CloseCode.INTERNAL_ERROR, "", null, false);
        return;
      }
      if (chunk != null && !chunk.hasRemaining()) {
        s.paused = true; // nothing yet: resumeStream() asks again
        return;
      }
      boolean last = chunk == null;
      ByteBuffer piece = last ? ByteBuffer.allocate(0) : chunk;
      set(COPY_ON_QUEUE, true);
      try {
        if (s.text) {
          // A text stream's bytes must be UTF-8; they are checked by the peer, not re-encoded.
          // Through the protocol's fragment sequence, so no other message comes between them.
          protocol.sendTextFragmentUtf8(piece, last);
        } else {
          protocol.sendBinaryFragment(piece, last);
        }
      } finally {
        set(COPY_ON_QUEUE, false);
      }
      if (last) {
        extras.stream = null;
        s.done.complete(null);
        return;
      }
    }
  }

  private static final class StreamSend {
    final boolean text;
    final ChunkProducer producer;
    final CompletableFuture<Void> done;
    boolean paused; // the producer had nothing yet

    StreamSend(boolean text, ChunkProducer producer, CompletableFuture<Void> done) {
      this.text = text;
      this.producer = producer;
      this.done = done;
    }
  }

  @Override
  public long queuedBytes() {
    return inFlight + channel.queuedBytes();
  }

  @Override
  public CompletableFuture<Void> flushed() {
    CompletableFuture<Void> result = new CompletableFuture<>();
    // Through the loop, so sends this thread queued before the call are on the channel first.
    loop().execute(() -> channel.whenFlushed().whenComplete((v, e) -> {
      if (e == null) {
        result.complete(null);
      } else {
        result.completeExceptionally(e);
      }
    }));
    return result;
  }

  @Override
  public void setAutoPong(boolean autoPong) {
    onLoop(() -> protocol.setAutoPong(autoPong));
  }

  // ================================================================== receiving

  @Override
  public Registration addListener(WebSocketListener listener) {
    synchronized (this) {
      listeners = ListenerList.with(listeners, listener);
    }
    return () -> {
      synchronized (this) {
        listeners = ListenerList.without(listeners, listener);
      }
    };
  }

  @Override
  public CompletableFuture<Message> nextMessage() {
    CompletableFuture<Message> next = new CompletableFuture<>();
    if (state == ReadyState.CLOSED) {
      next.completeExceptionally(new ClosedChannelException());
      return next;
    }
    Queue<CompletableFuture<Message>> queue = waiters();
    queue.add(next);
    if (state == ReadyState.CLOSED && queue.remove(next)) {
      next.completeExceptionally(new ClosedChannelException());
    }
    return next;
  }

  private Queue<CompletableFuture<Message>> waiters() {
    Extras x = extras();
    Queue<CompletableFuture<Message>> queue = x.waiters;
    if (queue == null) {
      synchronized (this) {
        if (x.waiters == null) {
          x.waiters = new ConcurrentLinkedQueue<>();
        }
        queue = x.waiters;
      }
    }
    return queue;
  }

  private CompletableFuture<Message> pollWaiter() {
    Extras x = extras;
    Queue<CompletableFuture<Message>> queue = x == null ? null : x.waiters;
    return queue == null ? null : queue.poll();
  }

  @Override
  public void setFrameListener(FrameListener listener) {
    onLoop(() -> {
      if (listener != null || extras != null) {
        extras().frameListener = listener;
      }
    });
  }

  @Override
  public void pauseReading() {
    channel.pauseReading();
  }

  @Override
  public void resumeReading() {
    channel.resumeReading();
  }

  /**
   * ChannelHandler: bytes from the peer. On the loop. Whatever handling them throws, errors
   * included, fails this connection alone (1011) and frees what it held.
   */
  @Override
  public void onRead(Channel ch, ByteBuffer data) {
    try {
      owner.counters().bytesIn(data.remaining());
      protocol.receive(data);
      if (is(HEARD)) {
        set(HEARD, false);
        lastHeardNanos = loop().clock().nanoTime(); // once per read, however many frames
        pingDeadlineNanos = 0;
      }
      if (assembler != null) {
        assembler.detach(); // the loop's other connections may use the thread's buffer next
      }
    } catch (ProtocolViolation over) {
      // The budget had no room to keep the message in progress (detach).
      closeOnLoop(over.closeCode(), over.violation().description(), new WebSocketProtocolException(
          over.violation().name(), over.closeCode(), over.getMessage()), true);
    } catch (Throwable fault) {
      fault(fault);
    }
    closeTransportIfDone();
  }

  /** A whole frame arrived: the peer is alive (timestamped once per read, in onRead). */
  private void heard() {
    set(HEARD, true);
  }

  @Override
  public void onMessageStart(boolean text, long sizeHint, boolean whole)
      throws ProtocolViolation {
    if (settings().messageTimeout() != null) {
      messageStartNanos = loop().clock().nanoTime() | 1; // never 0, which means "none"
    }
    FrameListener fl = frameListener();
    set(STREAMING_MESSAGE, fl != null);
    if (fl != null) {
      guard(() -> fl.onMessageStart(this, text, sizeHint));
    } else {
      if (assembler == null) {
        assembler = new MessageAssembler(owner.budget());
      }
      assembler.start(text, sizeHint, whole);
    }
  }

  @Override
  public void onMessageData(ByteBuffer data) throws ProtocolViolation {
    if (is(STREAMING_MESSAGE)) {
      FrameListener fl = frameListener();
      guard(() -> fl.onChunk(this, data));
    } else {
      assembler.append(data);
    }
  }

  @Override
  public void onFrameEnd(boolean last) {
    heard();
    if (is(STREAMING_MESSAGE)) {
      FrameListener fl = frameListener();
      guard(() -> fl.onFrameEnd(this, last));
    }
  }

  @Override
  public void onMessageEnd() throws ProtocolViolation {
    messageStartNanos = 0;
    owner.counters().messageIn();
    if (is(STREAMING_MESSAGE)) {
      set(STREAMING_MESSAGE, false);
      return;
    }
    CompletableFuture<Message> waiter = pollWaiter();
    if (assembler.isText()) {
      String text = assembler.text();
      assembler.reset();
      if (waiter != null) {
        Message message = new Message.Text(text);
        dispatcher.accept(() -> waiter.complete(message));
      }
      dispatchMessage(text, null);
    } else {
      WebSocketListener[] all = listeners;
      if (waiter == null && dispatcher == INLINE && all.length == 1
          && BorrowingListeners.borrows(all[0])) {
        // The one listener takes the bytes where they are: nothing is copied or allocated.
        ByteBuffer lent = assembler.lend();
        try {
          all[0].onBinaryBorrowed(this, lent);
        } catch (RuntimeException | Error e) {
          listenerFailed(e);
        } finally {
          assembler.reset();
        }
        return;
      }
      ByteBuffer data = assembler.binary();
      assembler.reset();
      if (waiter != null) {
        // The waiter and the listeners each get their own view of the bytes.
        ByteBuffer forWaiter = data.duplicate();
        dispatcher.accept(() -> waiter.complete(new Message.Binary(forWaiter)));
      }
      dispatchMessage(null, data);
    }
  }

  /**
   * Hands a whole message to the listeners: a text, or else binary {@code data}. With no handler
   * executor (the default) they are called right here, which allocates nothing per message; with
   * several listeners, all but the last get their own view of binary data.
   */
  private void dispatchMessage(String text, ByteBuffer data) {
    if (dispatcher != INLINE) {
      if (text != null) {
        dispatch(l -> l.onText(this, text));
      } else {
        dispatch(l -> BorrowingListeners.deliverOwned(l, this, data.duplicate()));
      }
      return;
    }
    WebSocketListener[] all = listeners;
    for (int i = 0; i < all.length; i++) {
      try {
        if (text != null) {
          all[i].onText(this, text);
        } else {
          // Views of the untouched original for all but the last, which gets the original.
          BorrowingListeners.deliverOwned(all[i], this, i == all.length - 1 ? data : data.duplicate());
        }
      } catch (RuntimeException | Error e) {
        listenerFailed(e);
      }
    }
  }

  @Override
  public void onPing(ByteBuffer payload) {
    heard();
    ByteBuffer copy = copy(payload);
    dispatch(l -> l.onPing(this, copy.duplicate()));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    heard();
    ByteBuffer copy = copy(payload);
    dispatch(l -> l.onPong(this, copy.duplicate()));
  }

  @Override
  public void onCloseFrame(CloseStatus status) {
    state = ReadyState.CLOSING;
    if (protocol.isCloseHandshakeComplete() && isClient()) {
      // RFC 6455 §7.1.1: the client waits for the server to close TCP, but not for ever.
      startCloseTimer();
    }
  }

  @Override
  public void onViolation(ProtocolViolation violation) {
    state = ReadyState.CLOSING;
    reportError(new WebSocketProtocolException(violation.violation().name(),
        violation.closeCode(), violation.getMessage()));
  }

  // ================================================================== closing

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
  private void closeOnLoop(int code, String reason, Throwable error, boolean stopReading) {
    if (error != null) {
      reportError(error);
    }
    if (stopReading && assembler != null) {
      assembler.reset(); // frees what the message in progress held (and its budget)
    }
    if (protocol.state() == ConnectionState.OPEN || stopReading) {
      if (protocol.state() != ConnectionState.CLOSED) {
        state = ReadyState.CLOSING;
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

  /** Handling this connection threw: it closes with 1011, the loop and the others go on. */
  private void fault(Throwable fault) {
    Logging.log(LOG, System.Logger.Level.WARNING,
        "failure while handling " + this + "; closing with 1011", fault);
    closeOnLoop(CloseCode.INTERNAL_ERROR, "", fault, true);
  }

  private void startCloseTimer() {
    if (!is(CLOSE_TIMING)) {
      cancelTimer(); // the keepalive check: the connection is closing
      set(CLOSE_TIMING, true);
      timer = loop().schedule(this::closeTimedOut, settings().closeTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  private void closeTimedOut() {
    if (channel.isOpen()) {
      reportError(new TimeoutException("closing handshake not completed within "
          + settings().closeTimeout().toMillis() + " ms"));
      channel.abort();
    }
  }

  /** Closes the socket once the protocol says so (server after the handshake, or a failure). */
  private void closeTransportIfDone() {
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
  public void onWritabilityChanged(Channel ch, boolean writable) {
    if (writable) {
      protocol.sendPendingPong(); // the latest ping held back while the peer was not reading
      pumpStream();
      dispatch(l -> l.onDrain(this));
    }
  }

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
    state = ReadyState.CLOSED;
    StreamSend s = stream();
    if (s != null) {
      extras.stream = null;
      s.done.completeExceptionally(new ClosedChannelException());
    }
    CompletableFuture<Message> waiter;
    while ((waiter = pollWaiter()) != null) {
      waiter.completeExceptionally(new ClosedChannelException());
    }
    owner.closed(this);
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

  private void reportError(Throwable error) {
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

  // ================================================================== timers

  private void scheduleKeepalive() {
    long delay = Long.MAX_VALUE;
    if (settings().pingInterval() != null) {
      delay = Math.min(delay, settings().pingInterval().toNanos());
    }
    if (settings().idleTimeout() != null) {
      delay = Math.min(delay, settings().idleTimeout().toNanos());
    }
    if (settings().messageTimeout() != null) {
      delay = Math.min(delay, settings().messageTimeout().toNanos());
    }
    if (delay != Long.MAX_VALUE) {
      timer = loop().schedule(this::checkSilence, delay, TimeUnit.NANOSECONDS);
    }
  }

  /** Keepalive and idle checks: ping after silence, drop if no answer, close if idle. */
  private void checkSilence() {
    timer = null; // this check's own, now run
    if (protocol.state() != ConnectionState.OPEN) {
      return;
    }
    long now = loop().clock().nanoTime();
    long read = channel.bytesRead();
    if (read - bytesAtCheck >= PROGRESS_BYTES) {
      lastHeardNanos = now; // a large frame coming in steadily
      pingDeadlineNanos = 0;
    }
    bytesAtCheck = read;
    long silent = now - lastHeardNanos;
    if (settings().idleTimeout() != null && silent >= settings().idleTimeout().toNanos()) {
      closeOnLoop(CloseCode.GOING_AWAY, "idle timeout", null, false);
      return;
    }
    Duration messageTimeout = settings().messageTimeout();
    if (messageTimeout != null && messageStartNanos != 0
        && now - messageStartNanos >= messageTimeout.toNanos()) {
      closeOnLoop(CloseCode.POLICY_VIOLATION, "message not completed in time",
          new TimeoutException("message not completed within " + messageTimeout.toMillis()
              + " ms"), true);
      return;
    }
    if (pingDeadlineNanos != 0 && now - pingDeadlineNanos >= 0) {
      reportError(new TimeoutException("no answer to a keepalive ping within "
          + settings().pongTimeout().toMillis() + " ms"));
      set(ABORTED_HERE, true);
      channel.abort();
      return;
    }
    long next = Long.MAX_VALUE;
    if (settings().pingInterval() != null) {
      long interval = settings().pingInterval().toNanos();
      if (pingDeadlineNanos == 0 && silent >= interval) {
        protocol.ping(ByteBuffer.allocate(0));
        pingDeadlineNanos = now + settings().pongTimeout().toNanos();
      }
      next = pingDeadlineNanos != 0 ? pingDeadlineNanos - now : interval - silent;
    }
    if (settings().idleTimeout() != null) {
      next = Math.min(next, settings().idleTimeout().toNanos() - silent);
    }
    if (messageTimeout != null) {
      next = Math.min(next, messageStartNanos != 0
          ? messageStartNanos + messageTimeout.toNanos() - now : messageTimeout.toNanos());
    }
    timer = loop().schedule(this::checkSilence, Math.max(next, 1_000_000L),
        TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  // ================================================================== dispatch

  /** Runs a listener event through the dispatcher; a listener that throws fails with 1011. */
  private void dispatch(Consumer<WebSocketListener> event) {
    dispatcher.accept(() -> {
      for (WebSocketListener l : listeners) {
        try {
          event.accept(l);
        } catch (RuntimeException | Error e) {
          listenerFailed(e);
        }
      }
    });
  }

  /** Runs a loop-only callback (frame listener), failing with 1011 if it throws. */
  private void guard(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      listenerFailed(e);
    }
  }

  private void listenerFailed(Throwable e) {
    Logging.log(LOG, System.Logger.Level.WARNING,
        "listener of " + this + " threw; closing with 1011", e);
    // The peer is told only that something went wrong (1011), never what.
    onLoop(() -> closeOnLoop(CloseCode.INTERNAL_ERROR, "", null, false));
  }

  private void onLoop(Runnable task) {
    if (loop().inEventLoop()) {
      task.run();
    } else {
      loop().execute(task);
    }
  }

  // ================================================================== state

  @Override
  public ReadyState state() {
    return state;
  }

  @Override
  public String subprotocol() {
    return agreed == null ? null : agreed.subprotocol();
  }

  @Override
  public String extensions() {
    return agreed == null || agreed.extensions() == null ? "" : agreed.extensions();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return channel.localAddress();
  }

  @Override
  public HandshakeRequest request() {
    // A new view each time, so a parse is kept only while the caller keeps the view. As
    // HandshakeRequest documents: remoteAddress is the client's, localAddress the server's.
    return isClient()
        ? HandshakeRequest.of(request, channel.localAddress(), channel.remoteAddress())
        : HandshakeRequest.of(request, channel.remoteAddress(), channel.localAddress());
  }

  @Override
  public Map<String, List<String>> responseHeaders() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (!isClient()) {
      UpgradeHandler.putStandardResponseHeaders(map, request(), subprotocol(), extensions());
    }
    for (Map.Entry<String, String> field : responseFields()) {
      map.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue());
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean isClient() {
    return protocol.role() == Role.CLIENT;
  }

  /** The 101's header fields kept (see {@link Agreed}). */
  private List<Map.Entry<String, String>> responseFields() {
    return agreed == null ? List.of() : agreed.responseFields();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T attribute(String key) {
    Extras x = extras;
    Map<String, Object> map = x == null ? null : x.attributes;
    return map == null ? null : (T) map.get(key);
  }

  @Override
  public void setAttribute(String key, Object value) {
    if (value == null && extras == null) {
      return; // nothing to remove
    }
    Extras x = extras();
    Map<String, Object> map = x.attributes;
    if (map == null) {
      synchronized (this) {
        if (x.attributes == null) {
          x.attributes = new ConcurrentHashMap<>();
        }
        map = x.attributes;
      }
    }
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T attachment() {
    return agreed == null ? null : (T) agreed.attachment();
  }

  @Override
  public void setTcpNoDelay(boolean on) {
    channel.setTcpNoDelay(on);
  }

  /** LiveConnections.Member: under the lock of the owner's LiveConnections only. */
  @Override
  public int liveIndex() {
    return liveIndex;
  }

  @Override
  public void liveIndex(int index) {
    liveIndex = index;
  }

  @Override
  public String toString() {
    return (isClient() ? "client " : "server ") + "WebSocket " + channel.remoteAddress()
        + " " + state;
  }
}
