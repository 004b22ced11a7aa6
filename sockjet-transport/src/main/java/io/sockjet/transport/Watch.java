package io.sockjet.transport;

import static java.lang.System.Logger.Level.WARNING;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * Thread-safe: a user-owned channel watched by an {@link EventLoop} (see {@link
 * EventLoop#watch}). Methods called off the loop take effect on the loop, in call order.
 */
public final class Watch {
  private static final System.Logger LOG = System.getLogger(Watch.class.getName());

  private final EventLoop loop;
  private final SelectableChannel channel;
  private final WatchHandler handler;
  /** Requested interest; the key follows it on the loop. */
  private volatile int ops;
  private volatile boolean cancelled;
  /** Loop thread only. */
  private SelectionKey key;
  private final Selectable events = new Events();

  Watch(EventLoop loop, SelectableChannel channel, WatchHandler handler, int ops) {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
    this.ops = ops;
  }

  /** Returns the watched channel. */
  public SelectableChannel channel() {
    return channel;
  }

  /** Returns the loop that runs this watch's handler. */
  public EventLoop loop() {
    return loop;
  }

  /** Returns the requested interest set. */
  public int interestOps() {
    return ops;
  }

  /** Replaces the interest set (0 pauses the watch without cancelling it). */
  public void interestOps(int newOps) {
    if ((newOps & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException("operations not supported by channel: " + newOps);
    }
    ops = newOps;
    loop.runOnLoop(this::applyOps);
  }

  /** Stops watching; the handler is not called after the loop has processed the cancellation. */
  public void cancel() {
    cancelled = true;
    loop.runOnLoop(this::deregister);
  }

  /** Returns false once cancelled (by the user, by the channel closing, or by loop shutdown). */
  public boolean isActive() {
    return !cancelled && channel.isOpen();
  }

  void register() {
    if (cancelled) {
      return;
    }
    try {
      key = loop.register(channel, ops, events);
    } catch (ClosedChannelException | IllegalArgumentException e) {
      LOG.log(WARNING, "cannot watch " + channel, e);
      cancelled = true;
    }
  }

  private void applyOps() {
    if (key != null && key.isValid() && !cancelled) {
      try {
        key.interestOps(ops);
      } catch (CancelledKeyException e) {
        cancelled = true;
      }
    }
  }

  private void deregister() {
    if (key != null) {
      key.cancel();
    }
  }

  /** The selector attachment, private so the loop's hooks are not public API. */
  private final class Events implements Selectable {
    @Override
    public void onReady(int readyOps) {
      if (!cancelled) {
        handler.onReady(Watch.this, readyOps);
      }
    }

    @Override
    public void onLoopShutdown(boolean force) {
      cancel();
    }

    @Override
    public void onFault(Throwable fault) {
      // The handler is the user's; the channel stays theirs: stop watching it, say why.
      Logging.log(LOG, System.Logger.Level.WARNING, "watch handler failed; watch cancelled", fault);
      cancel();
    }
  }
}
