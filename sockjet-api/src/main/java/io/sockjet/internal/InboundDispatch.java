package io.sockjet.internal;

import io.sockjet.FrameListener;
import io.sockjet.Message;
import io.sockjet.ReadyState;
import io.sockjet.Registration;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketProtocolException;
import io.sockjet.protocol.ConnectionListener;
import io.sockjet.protocol.MessageAssembler;
import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.transport.Channel;
import io.sockjet.transport.ChannelHandler;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A connection's receive side: the bytes the channel read go to the protocol connection, whose
 * events ({@link io.sockjet.protocol.ConnectionListener}) are gathered into whole messages (or
 * handed to a frame listener as they come), given to {@link #nextMessage()} callers and to the
 * listeners. Whatever handling a read throws fails this connection alone. Loop-confined, but for
 * the public methods, which any thread may call.
 */
abstract class InboundDispatch extends SendPath {
  MessageAssembler assembler; // created by the first whole message received; loop-confined

  InboundDispatch(Opening opening) {
    super(opening);
  }

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
    if (state() == ReadyState.CLOSED) {
      next.completeExceptionally(new ClosedChannelException());
      return next;
    }
    Queue<CompletableFuture<Message>> queue = waiters();
    queue.add(next);
    if (state() == ReadyState.CLOSED && queue.remove(next)) {
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

  CompletableFuture<Message> pollWaiter() {
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
      readDone();
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

  @Override
  public void onMessageStart(boolean text, long sizeHint, boolean whole)
      throws ProtocolViolation {
    messageStarted();
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
    messageEnded();
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
}
