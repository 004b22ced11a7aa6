package io.sockjet.internal;

import io.sockjet.FrameListener;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.protocol.Connection;
import io.sockjet.protocol.ConnectionListener;
import io.sockjet.protocol.FrameOutput;
import io.sockjet.protocol.frame.CloseCode;
import io.sockjet.transport.Channel;
import io.sockjet.transport.ChannelHandler;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.Logging;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The base of a connection's glue: what every part of it shares. A {@link WebSocketConnection} is
 * one object whose code is split by job into a chain of classes, each in its own file: this core
 * (the channel, the protocol connection, the owner, the listeners, the flags), {@link
 * ConnectionTimers} (keepalive, idle, message and closing deadlines), {@link SendPath} (admission,
 * the queue cap, streams, frames to the channel), {@link InboundDispatch} (assembly, waiters,
 * listener calls), {@link CloseController} (the one place a close is decided and reported) and
 * {@link WebSocketConnection} itself (the public facade and the handshake's results). One object
 * rather than one per part: an idle server holds a million of them, and each part as an object of
 * its own would cost a header and a reference (16 B each, 64 B for four parts: 6% of the 1,065 B an
 * idle connection holds).
 *
 * <p>Threading: the protocol connection, the flags and every field not marked volatile are
 * confined to the channel's event loop unless a field's comment says otherwise. Public methods
 * may be called from any thread: off the loop they capture their arguments and enqueue a task.
 * Listener callbacks run on the loop, or through {@link SerialExecutor} on the configured
 * executor, never concurrently.
 */
abstract class ConnectionCore
    implements WebSocket, ChannelHandler, ConnectionListener, FrameOutput {
  static final System.Logger LOG = System.getLogger(WebSocket.class.getName());

  // Loop-confined flags, bits of one byte shared by the parts (a boolean each would cost a byte).
  static final int STREAMING_MESSAGE = 1; // inbound: the message coming in goes to a FrameListener
  static final int MISSED = 1 << 1; // topics: a subscription skipped messages it was not told of
  static final int ERROR_REPORTED = 1 << 2; // close: onError is called at most once
  static final int ABORTED_HERE = 1 << 3; // close: this side dropped the socket, not the peer
  static final int CLOSE_TIMING = 1 << 4; // timers: the timer is the close handshake's
  static final int HEARD = 1 << 5; // timers: a whole frame arrived in the read being handled

  /** Listeners run on the loop, in line (no handler executor): one instance for all. */
  static final Consumer<Runnable> INLINE = Runnable::run;

  final Channel channel;
  final WebSocketConnection.Owner owner;
  final Connection protocol;
  final Consumer<Runnable> dispatcher; // INLINE, or a SerialExecutor's
  final KeptRequest request;
  // What the handshake settled beyond the request; null when all of it is the default, as on most
  // servers. Set by the constructor and enableCompression, before the connection is published;
  // read-only afterwards.
  Agreed agreed;
  // What only some connections use; created by the first use of any of it (see Extras).
  volatile Extras extras;
  // Copy-on-write (see ListenerList): replaced under this object's lock, never written into; at
  // first the array shared by every connection of the server or client.
  volatile WebSocketListener[] listeners;
  byte flags; // STREAMING_MESSAGE, ...

  ConnectionCore(Opening o) {
    this.channel = o.channel();
    this.owner = o.owner();
    this.listeners = o.listeners();
    this.request = o.request();
    if (o.subprotocol() != null || !o.responseFields().isEmpty() || o.attachment() != null) {
      this.agreed = new Agreed(o.subprotocol(), null, null, o.responseFields(), o.attachment());
    }
    Executor executor = settings().executor();
    this.dispatcher = executor == null ? INLINE : new SerialExecutor(executor)::execute;
    this.protocol = new Connection(o.role(), settings().limits(), o.maskKeys(), this, this);
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
  record Agreed(String subprotocol, String extensions, Runnable release,
      List<Map.Entry<String, String>> responseFields, Object attachment) {}

  /**
   * What only some connections use, created by the first use of any of it, so that the others
   * pay one field for all five: the inbox of messages for {@link #nextMessage()}, the
   * attributes and the topic memberships, each created by its first use, from any thread, under
   * the connection's lock; the
   * frame listener and the stream being sent, confined to the loop.
   */
  static final class Extras {
    volatile Inbox inbox;
    volatile Map<String, Object> attributes;
    volatile Memberships memberships; // made by the first subscribe, under the connection's lock
    FrameListener frameListener;
    SendPath.StreamSend stream;
  }

  /** The extras, created if need be; any thread. */
  Extras extras() {
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
  FrameListener frameListener() {
    Extras x = extras;
    return x == null ? null : x.frameListener;
  }

  /** The stream being sent, or null; on the loop. */
  SendPath.StreamSend stream() {
    Extras x = extras;
    return x == null ? null : x.stream;
  }

  /** The loop the connection is confined to: its channel's. */
  EventLoop loop() {
    return channel.loop();
  }

  /** The settings every connection of the owner shares. */
  ConnectionSettings settings() {
    return owner.settings();
  }

  /** Whether a flag bit is set; on the loop. */
  boolean is(int flag) {
    return (flags & flag) != 0;
  }

  /** Sets or clears a flag bit; on the loop. */
  void set(int flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  /** A heap copy of {@code data}'s remaining bytes, whose position does not move. */
  static ByteBuffer copy(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data.duplicate());
    return copy.flip();
  }

  /** Runs {@code task} now if on the loop, else as a loop task. */
  void onLoop(Runnable task) {
    if (loop().inEventLoop()) {
      task.run();
    } else {
      loop().execute(task);
    }
  }

  /** Runs a listener event through the dispatcher; a listener that throws fails with 1011. */
  void dispatch(Consumer<WebSocketListener> event) {
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
  void guard(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      listenerFailed(e);
    }
  }

  /** A listener threw: the connection closes with 1011 (through the close controller). */
  void listenerFailed(Throwable e) {
    Logging.log(LOG, System.Logger.Level.WARNING,
        "listener of " + this + " threw; closing with 1011", e);
    // The peer is told only that something went wrong (1011), never what.
    onLoop(() -> closeOnLoop(CloseCode.INTERNAL_ERROR, "", null, false));
  }

  /**
   * The one place this side decides to close; see {@link CloseController#closeOnLoop}. On the
   * loop.
   */
  abstract void closeOnLoop(int code, String reason, Throwable error, boolean stopReading);

  /** Closes the socket once the protocol says so; see {@link CloseController}. On the loop. */
  abstract void closeTransportIfDone();

  /** Reports {@code error} to the listeners, once per connection; see {@link CloseController}. */
  abstract void reportError(Throwable error);

  /** Handling this connection threw: it closes with 1011, the loop and the others go on. */
  void fault(Throwable fault) {
    Logging.log(LOG, System.Logger.Level.WARNING,
        "failure while handling " + this + "; closing with 1011", fault);
    closeOnLoop(CloseCode.INTERNAL_ERROR, "", fault, true);
  }
}
