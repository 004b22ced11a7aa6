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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection's receive side: the bytes the channel read go to the protocol connection, whose
 * events ({@link io.sockjet.protocol.ConnectionListener}) are gathered into whole messages (or
 * handed to a frame listener as they come), kept in the {@link Inbox} for takers and given to the
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
    return inbox().take();
  }

  @Override
  public Message receive(Duration timeout)
      throws TimeoutException, IOException, InterruptedException {
    Inbox box = inbox();
    CompletableFuture<Message> next = box.take();
    try {
      return next.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      if (!box.withdraw(next) && !next.isCompletedExceptionally()) {
        // A message reached it as the wait ended: it goes back, first in line.
        box.putBack(next.join());
      }
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** The inbox, made by the first call; any thread. */
  Inbox inbox() {
    Extras x = extras();
    Inbox box = x.inbox;
    if (box == null) {
      synchronized (this) {
        box = x.inbox;
        if (box == null) {
          box = new Inbox(channel);
          if (closeEvent() != null) {
            box.close();
          }
          x.inbox = box;
        }
      }
    }
    return box;
  }

  /** The inbox, or null if none was made. */
  private Inbox existingInbox() {
    Extras x = extras;
    return x == null ? null : x.inbox;
  }

  /** The connection closed: takers waiting for a message fail. */
  void closeInbox() {
    Inbox box = existingInbox();
    if (box != null) {
      box.close();
    }
  }

  /** A whole message for the inbox: to a waiting taker, through the dispatcher, or kept. */
  private void toInbox(Inbox box, Message m) {
    CompletableFuture<Message> taker = box.offer(m);
    if (taker != null) {
      dispatcher.accept(() -> {
        if (!taker.complete(m)) {
          box.putBack(m); // the taker gave up meanwhile
        }
      });
    }
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
    receive(data, ch.unreadCapacity());
  }

  /**
   * Handles bytes from the peer; a frame of at most {@code keepable} bytes that {@code data} ends
   * inside is left in it for the channel to hand back with what follows (see {@link
   * Channel#unreadCapacity()}), so that it is read whole, in place. On the loop.
   */
  void receive(ByteBuffer data, int keepable) {
    try {
      // Counted before the events they cause, so a listener that reads the metrics sees them;
      // bytes left for the channel to hand back are taken out again, to count when consumed.
      owner.counters().bytesIn(data.remaining());
      protocol.receive(data, keepable);
      if (data.hasRemaining()) {
        owner.counters().bytesIn(-data.remaining());
      }
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
    Inbox box = existingInbox();
    if (assembler.isText()) {
      String text = assembler.text();
      assembler.reset();
      if (box != null) {
        toInbox(box, new Message.Text(text));
      }
      dispatchMessage(text, null);
    } else {
      WebSocketListener[] all = listeners;
      if (box == null && dispatcher == INLINE && all.length == 1
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
      if (box != null) {
        // The inbox and the listeners each get their own view of the bytes.
        toInbox(box, new Message.Binary(data.duplicate()));
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
