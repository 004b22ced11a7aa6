package io.sockjet.internal;

import io.sockjet.Message;
import io.sockjet.transport.Channel;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's received messages not yet taken by {@link io.sockjet.WebSocket#nextMessage}
 * or {@link io.sockjet.WebSocket#receive}, and the takers waiting for one: a message goes to the
 * oldest waiter, or waits here for the next taker, so a reply that wins the race with the call
 * that asks for it is not lost. Bounded: once it holds {@link #MAX_MESSAGES} messages or {@link
 * #MAX_BYTES} bytes, the connection stops reading (TCP pushes back on the peer) until a taker
 * makes room. Messages taken after the connection closed are still given; then takers fail.
 *
 * <p>Thread-safe (this object's lock): the loop offers, any thread takes. Made at the open of a
 * connection that has no listener (its messages have nowhere else to go), or by the first take.
 */
final class Inbox {
  static final int MAX_MESSAGES = 1024;
  static final long MAX_BYTES = 4L << 20;

  private final Channel channel; // paused while the inbox is full
  // Made on first use: most inboxes hold a message or a taker at a time, many hold neither yet.
  private ArrayDeque<Message> messages;
  private ArrayDeque<CompletableFuture<Message>> takers;
  private long bytes;
  private boolean paused;
  private boolean closed;

  Inbox(Channel channel) {
    this.channel = channel;
  }

  private ArrayDeque<Message> messages() {
    if (messages == null) {
      messages = new ArrayDeque<>(4);
    }
    return messages;
  }

  private ArrayDeque<CompletableFuture<Message>> takers() {
    if (takers == null) {
      takers = new ArrayDeque<>(2);
    }
    return takers;
  }

  /** The next message not yet taken: waiting here, or the next to arrive. Any thread. */
  CompletableFuture<Message> take() {
    Message m;
    boolean resume = false;
    synchronized (this) {
      m = messages == null ? null : messages.poll();
      if (m == null) {
        if (closed) {
          return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        CompletableFuture<Message> taker = new CompletableFuture<>();
        takers().add(taker);
        return taker;
      }
      bytes -= size(m);
      if (paused && messages.size() < MAX_MESSAGES && bytes < MAX_BYTES) {
        paused = false;
        resume = true;
      }
    }
    if (resume) {
      channel.resumeReading();
    }
    return CompletableFuture.completedFuture(m);
  }

  /**
   * A message received, on the loop: the taker it goes to (the caller completes it, and gives the
   * message back with {@link #putBack} if that taker was cancelled meanwhile), or null if it waits
   * here; then reading pauses if the inbox is full.
   */
  CompletableFuture<Message> offer(Message m) {
    boolean pause = false;
    synchronized (this) {
      CompletableFuture<Message> taker;
      while (takers != null && (taker = takers.poll()) != null) {
        if (!taker.isDone()) {
          return taker;
        }
      }
      messages().add(m);
      bytes += size(m);
      if (!paused && (messages.size() >= MAX_MESSAGES || bytes >= MAX_BYTES)) {
        paused = true;
        pause = true;
      }
    }
    if (pause) {
      channel.pauseReading();
    }
    return null;
  }

  /** Gives back a message whose taker gave up first, to be the next one taken. */
  void putBack(Message m) {
    CompletableFuture<Message> taker;
    synchronized (this) {
      taker = takers == null ? null : takers.poll();
      if (taker == null) {
        messages().addFirst(m);
        bytes += size(m);
        return;
      }
    }
    if (!taker.complete(m)) {
      putBack(m);
    }
  }

  /** Withdraws a taker that stopped waiting; false if a message reached it first. */
  synchronized boolean withdraw(CompletableFuture<Message> taker) {
    return takers != null && takers.remove(taker);
  }

  /** The connection closed: waiting takers fail; messages held can still be taken. */
  void close() {
    CompletableFuture<?>[] waiting;
    synchronized (this) {
      closed = true;
      waiting = takers == null ? new CompletableFuture<?>[0] : takers.toArray(CompletableFuture[]::new);
      takers = null;
    }
    for (CompletableFuture<?> taker : waiting) {
      taker.completeExceptionally(new ClosedChannelException());
    }
  }

  /** What a message counts for in the byte bound: its payload (text: two bytes a char). */
  private static long size(Message m) {
    return m instanceof Message.Text t ? 2L * t.text().length() : ((Message.Binary) m).data().remaining();
  }
}
