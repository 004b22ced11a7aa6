package io.sockjet;

import io.sockjet.transport.EventLoop;
import io.sockjet.transport.Watch;
import io.sockjet.transport.WatchHandler;
import java.nio.channels.SelectableChannel;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Thread-safe: one of the user's own channels (a pipe, a UDP socket) watched for readiness on an
 * event loop of a server, made by {@link WebSocketServer#watch}. Its {@link ChannelWatcher} runs
 * on that loop; calls from other threads take effect on the loop, in call order. The watch never
 * closes the channel: cancelling only stops watching it.
 *
 * <p>A watch ends when it is cancelled, when its channel closes, when its watcher throws, or when
 * its loop stops (the server's own loops at shutdown, or shared {@link EventLoops} when closed).
 */
public final class ChannelWatch {
  private final SelectableChannel channel;
  private final Executor loop;
  /**
   * The transport's watch. Set by {@link #start} once the loop has it, and by the first event if
   * that comes sooner (on the loop, before the caller's thread returns): both write the same one.
   */
  private volatile Watch watch;

  private ChannelWatch(SelectableChannel channel, Executor loop) {
    this.channel = channel;
    this.loop = loop;
  }

  /** Watches {@code channel} on {@code loop}; see {@link WebSocketServer#watch}. */
  static ChannelWatch start(EventLoop loop, SelectableChannel channel, int ops,
      ChannelWatcher watcher) {
    Objects.requireNonNull(watcher, "watcher");
    ChannelWatch handle = new ChannelWatch(channel, loop);
    Watch w = loop.watch(channel, ops, new Adapter(handle, watcher));
    handle.watch = w;
    return handle;
  }

  /** The watched channel. */
  public SelectableChannel channel() {
    return channel;
  }

  /**
   * Runs tasks on the loop that calls this watch's watcher, in order, never concurrently with
   * it: for state the watcher shares with other code, without a lock. Tasks must not block.
   */
  public Executor executor() {
    return loop;
  }

  /** The requested interest set ({@link java.nio.channels.SelectionKey} bits). */
  public int interestOps() {
    return watch.interestOps();
  }

  /**
   * Replaces the interest set; 0 pauses the watch without cancelling it.
   *
   * @throws IllegalArgumentException for operations the channel does not support
   */
  public void interestOps(int ops) {
    watch.interestOps(ops);
  }

  /** Stops watching; the watcher is not called once the loop has processed the cancellation. */
  public void cancel() {
    watch.cancel();
  }

  /** False once the watch has ended: cancelled, channel closed, watcher failed or loop stopped. */
  public boolean isActive() {
    return watch.isActive();
  }

  /** The transport's handler, kept out of this type's public supertypes. */
  private static final class Adapter implements WatchHandler {
    private final ChannelWatch handle;
    private final ChannelWatcher watcher;

    Adapter(ChannelWatch handle, ChannelWatcher watcher) {
      this.handle = handle;
      this.watcher = watcher;
    }

    @Override
    public void onReady(Watch watch, int readyOps) {
      if (handle.watch == null) {
        handle.watch = watch; // see the field: the first event may beat start() to it
      }
      watcher.onReady(handle, readyOps);
    }
  }
}
