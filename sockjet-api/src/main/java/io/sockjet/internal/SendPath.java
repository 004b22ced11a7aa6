package io.sockjet.internal;

import io.sockjet.ChunkProducer;
import io.sockjet.buffer.Ownership;
import io.sockjet.OverflowPolicy;
import io.sockjet.ReadyState;
import io.sockjet.SendResult;
import io.sockjet.protocol.ConnectionState;
import io.sockjet.protocol.FrameOutput;
import io.sockjet.protocol.MemoryBudget;
import io.sockjet.protocol.PreparedFrame;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.protocol.text.Utf8Encoder;
import io.sockjet.transport.Channel;
import io.sockjet.transport.Logging;
import io.sockjet.transport.WriteResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's send side: admission (the outgoing size limit, the queue cap, the server's
 * memory budget, bytes of off-loop sends still in flight), sends made on the loop without
 * allocating, sends from other threads as loop tasks, streams pumped as the socket drains, and
 * the frames the protocol encodes handed to the channel ({@link FrameOutput}). Public methods
 * may be called from any thread; everything else runs on the loop.
 */
abstract class SendPath extends ConnectionTimers {
  private static final VarHandle IN_FLIGHT;

  static {
    try {
      IN_FLIGHT = MethodHandles.lookup().findVarHandle(SendPath.class, "inFlight", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A control frame's most bytes on the wire: 2 header bytes and 125 of payload (unmasked). */
  private static final int MAX_CONTROL_FRAME = 127;

  private static final WriteResult[] WRITE_RESULTS = WriteResult.values();

  // Bytes of sends made off the loop and not yet run there; added to by any thread, atomically
  // through IN_FLIGHT (a field rather than an AtomicLong: one object less per connection). The
  // channel's own count does not cover them: it counts bytes written, these are not encoded yet.
  private volatile long inFlight;
  // What the channel did with the send's last frame: its WriteResult's ordinal + 1; 0 for none.
  // Loop-confined.
  private byte lastWrite;

  SendPath(Opening opening) {
    super(opening);
  }

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
    return sendOffLoop(copy.remaining(), () -> protocol.sendBinary(copy, Ownership.OWNED));
  }

  @Override
  public SendResult sendTextFragment(CharSequence text, boolean last) {
    if (loop().inEventLoop()) {
      return sendOnLoop(textSize(text), () -> protocol.sendTextFragment(text, last));
    }
    String s = text.toString();
    return sendOffLoop(textSize(s), () -> protocol.sendTextFragment(s, last));
  }

  @Override
  public SendResult sendBinaryFragment(ByteBuffer data, boolean last) {
    if (loop().inEventLoop()) {
      // The caller may reuse data once this returns: lent.
      return sendOnLoop(data.remaining(),
          () -> protocol.sendBinaryFragment(data, last, Ownership.LENT));
    }
    ByteBuffer copy = copy(data);
    return sendOffLoop(copy.remaining(),
        () -> protocol.sendBinaryFragment(copy, last, Ownership.OWNED));
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

  /**
   * Sends a message framed once for many connections (a broadcast) under this connection's limits
   * and overflow policy. Any thread.
   */
  SendResult sendShared(MessageFrames frames) {
    return send(frames.payloadLength(), () -> sendFramesOnLoop(frames));
  }

  /**
   * The frame of {@code frames} that suits this connection's agreement, shared; or, for a
   * connection that keeps a compression context, the message compressed here alone. On the loop.
   */
  private void sendFramesOnLoop(MessageFrames frames) {
    PreparedFrame frame = frames.forCodec(protocol.perMessageDeflate());
    if (frame != null) {
      protocol.sendPrepared(frame);
    } else if (frames.isText()) {
      protocol.sendTextUtf8(frames.payload(), Ownership.SHARED);
    } else {
      protocol.sendBinary(frames.payload(), Ownership.SHARED);
    }
  }

  /** What {@link #deliverOnLoop} did with a topic's message. */
  enum Delivery { DELIVERED, SKIPPED, CLOSED, GONE }

  /**
   * Sends a topic's message under the topic's slow-subscriber policy rather than the overflow
   * policy: with more than {@code maxQueuedBytes} queued (or the server's memory budget spent), the
   * subscriber is skipped, or closed with {@code closeCode} when it is not 0. A subscriber in the
   * middle of a fragmented message of its own is skipped too. On the loop.
   */
  Delivery deliverOnLoop(MessageFrames frames, long maxQueuedBytes, int closeCode) {
    if (protocol.state() != ConnectionState.OPEN) {
      return Delivery.GONE;
    }
    if (protocol.isSendingFragmentedMessage()) {
      return Delivery.SKIPPED;
    }
    if (slowFor(maxQueuedBytes, frames.payloadLength())) {
      channel.flush(); // corked bytes the socket takes now are not a backlog
      if (slowFor(maxQueuedBytes, frames.payloadLength())) {
        if (closeCode == 0) {
          return Delivery.SKIPPED;
        }
        closeOnLoop(closeCode, "subscriber too slow", null, false);
        return Delivery.CLOSED;
      }
    }
    if (!beginSend()) {
      return Delivery.GONE;
    }
    sendFramesOnLoop(frames);
    owner.counters().messageOut();
    return Delivery.DELIVERED;
  }

  /** Over a topic's cap, or the budget for peers has no room for {@code size} more: slow. */
  boolean slowFor(long maxQueuedBytes, long size) {
    long queued = inFlight + channel.queuedBytes();
    return queued > maxQueuedBytes || budgetRefuses(queued, size);
  }

  private SendResult send(long size, Runnable action) {
    return loop().inEventLoop() ? sendOnLoop(size, action) : sendOffLoop(size, action);
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
    if (state() != ReadyState.OPEN) {
      return SendResult.REFUSED;
    }
    if (budgetRefuses(inFlight + channel.queuedBytes(), size)) {
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
      runSend(action);
    });
    return SendResult.QUEUED;
  }

  private SendResult sendOnLoop(long size, Runnable action) {
    SendResult refused = admitOnLoop(size);
    return refused != null ? refused : toSendResult(runSend(action));
  }

  /** The checks before a send on the loop: null if it may go ahead, else why not. */
  private SendResult admitOnLoop(long size) {
    requireSendableSize(size);
    if (state() != ReadyState.OPEN) {
      return SendResult.REFUSED;
    }
    long queued = inFlight + channel.queuedBytes();
    if (queued + size > settings().maxQueuedBytes()) {
      channel.flush(); // corked bytes the socket takes now are not a backlog
      queued = inFlight + channel.queuedBytes();
      if (queued + size > settings().maxQueuedBytes()) {
        overflow();
        return SendResult.REFUSED;
      }
    }
    if (budgetRefuses(queued, size)) {
      overBudget();
      return SendResult.REFUSED;
    }
    return null;
  }

  /**
   * Whether the owner's budget for peers has no room for {@code size} more bytes queued here, where
   * {@code queued} wait already (sent off the loop or not taken by the socket). A
   * connection keeping up (nothing queued) writes to its socket at once and is not checked: the
   * budget bounds what lagging peers make the server hold, not what it sends.
   */
  private boolean budgetRefuses(long queued, long size) {
    MemoryBudget budget = owner.budget();
    return budget != null && queued > 0 && size > budget.available();
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
  private WriteResult runSend(Runnable action) {
    if (!beginSend()) {
      return WriteResult.CLOSED;
    }
    action.run();
    owner.counters().messageOut();
    return lastWriteResult();
  }

  /** What the channel did with the send's last frame; CLOSED if none reached it. */
  private WriteResult lastWriteResult() {
    return lastWrite == 0 ? WriteResult.CLOSED : WRITE_RESULTS[lastWrite - 1];
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
    if (!beginSend()) {
      return SendResult.REFUSED;
    }
    // Both are read during the call only: text is encoded into a scratch buffer, data is lent,
    // and the channel copies whatever the socket does not take at once.
    if (text != null) {
      protocol.sendText(text);
    } else {
      protocol.sendBinary(data, Ownership.LENT);
    }
    owner.counters().messageOut();
    return toSendResult(lastWriteResult());
  }

  /** Prepares a send on the loop; false if the connection closed before it could run. */
  private boolean beginSend() {
    if (protocol.state() != ConnectionState.OPEN) {
      return false; // closed between the call and now: the send was never sent
    }
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

  /**
   * FrameOutput: the protocol connection encoded a frame; the ownership it states goes to the
   * channel unchanged (the channel copies what it may not keep). On the loop.
   */
  @Override
  public void write(ByteBuffer header, ByteBuffer payload, Ownership payloadOwnership) {
    owner.counters().bytesOut(header.remaining() + (payload == null ? 0 : payload.remaining()));
    lastWrite = (byte) (channel.write(header, payload, payloadOwnership).ordinal() + 1);
  }

  @Override
  public CompletableFuture<Void> sendStream(boolean text, ChunkProducer producer) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop().execute(() -> {
      if (stream() != null || protocol.state() != ConnectionState.OPEN) {
        done.completeExceptionally(new IllegalStateException(
            stream() != null ? "a stream is already being sent" : "connection is " + state()));
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
      // The producer may reuse its chunk once nextChunk is called again: lent.
      if (s.text) {
        // A text stream's bytes must be UTF-8; they are checked by the peer, not re-encoded.
        // Through the protocol's fragment sequence, so no other message comes between them.
        protocol.sendTextFragmentUtf8(piece, last, Ownership.LENT);
      } else {
        protocol.sendBinaryFragment(piece, last, Ownership.LENT);
      }
      if (last) {
        extras.stream = null;
        s.done.complete(null);
        return;
      }
    }
  }

  static final class StreamSend {
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

  @Override
  public void onWritabilityChanged(Channel ch, boolean writable) {
    if (writable) {
      protocol.sendPendingPong(); // the latest ping held back while the peer was not reading
      pumpStream();
      dispatch(l -> l.onDrain(this));
    }
  }
}
