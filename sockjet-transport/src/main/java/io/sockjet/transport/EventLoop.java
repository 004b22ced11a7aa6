package io.sockjet.transport;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Thread-safe: every public method may be called from any thread. One thread, one {@link
 * Selector}, a task queue and a timer heap; every channel registered here is confined to this
 * thread for its whole life.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Tasks run in the order they were enqueued, so calls from one thread keep their order.
 *   <li>Whatever a task, a timer or an I/O callback throws, errors included, is logged and never
 *       ends the loop; a channel whose callback threw is closed ({@link Selectable#onFault}).
 *       Only a failure of the loop's own machinery (its selector) ends it, and then {@link
 *       #terminationFuture()} completes exceptionally, so that its owner can fail as a whole
 *       instead of living on without the loop's channels.
 *   <li>The loop owns three scratch buffers (socket reads, TLS plaintext, TLS ciphertext). A
 *       callee may use them only until it returns; no connection keeps them.
 * </ul>
 *
 * <p>Loops are created by an {@link EventLoopGroup}.
 */
public final class EventLoop implements Executor {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /**
   * Classes the failure paths use, loaded with this one. A class is read from its jar (or
   * directory) when first used; out of file descriptors that read fails with a {@code
   * NoClassDefFoundError}, so a failure path reached for the first time then would fail itself
   * and end the loop.
   */
  static final Class<?>[] FAILURE_PATH_CLASSES = {Logging.class, RateLimitedLog.class};

  /**
   * Size of the shared read buffer. Large enough that one read usually drains what the kernel
   * holds for a connection, and that a message of up to a little under 256 KiB can arrive whole in
   * one read with its header: the layers above then lend it to the listener where it lies instead
   * of copying it (a 64 KiB message plus its header would not fit in 64 KiB). 256 KiB per loop,
   * not per connection, costs nothing.
   */
  static final int READ_BUFFER_SIZE = 256 * 1024;

  /**
   * Tasks run per loop iteration before the selector is polled again. Bounds how long a flood of
   * cross-thread writes can delay I/O readiness handling; 1024 short tasks take well under a
   * millisecond.
   */
  private static final int MAX_TASKS_PER_ITERATION = 1024;

  /**
   * Buffers passed to one gathering write. Linux accepts up to 1024 (IOV_MAX), but the JDK copies
   * every heap buffer of the array into a temporary direct buffer per call, so more entries mean
   * more copying for little gain; 128 covers a burst of 100 broadcast frames in one call.
   */
  static final int MAX_GATHER = 128;

  /**
   * Spare send queues kept per loop. Channels whose writes are flushed within the readiness event
   * that made them (an echo) hand one queue round; a batch of cross-thread writes to many
   * channels holds one per channel until the batch's flush. As many as corking may hold chunks
   * at once ({@link WriteChunks#MAX_OUTSTANDING}) is about 14 KiB per loop.
   */
  private static final int MAX_SPARE_QUEUES = WriteChunks.MAX_OUTSTANDING;

  private static final int RUNNING = 0;
  private static final int SHUTTING_DOWN = 1;
  private static final int TERMINATED = 2;

  private final Selector selector;
  private final Thread thread;
  private final NanoClock clock;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /**
   * True while the loop is awake or a wakeup is already on its way; a producer wakes the selector
   * only when it flips this from false to true, so a busy loop costs producers no system call.
   */
  private final AtomicBoolean awake = new AtomicBoolean(true);

  /** {@link #onSelected}, made once: the selector calls it for every ready key. */
  private final Consumer<SelectionKey> onSelected = this::onSelected;

  private final TimerHeap timers = new TimerHeap();
  private final AtomicInteger timerSequence = new AtomicInteger();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile int state = RUNNING;
  private boolean forceShutdown;

  /** Loop-thread: the socket read buffer, and those lent to channels. Direct: see {@link #readBuffer()}. */
  final ReadBuffers readBuffers = new ReadBuffers(READ_BUFFER_SIZE, ReadBuffers.MAX_LENT);
  /**
   * Loop-thread scratch arrays for writes (one or two sources, gathering), taken and given back
   * around each use, so that writes allocate nothing and idle connections hold no array.
   */
  final LoopScratch scratch = new LoopScratch(MAX_GATHER);
  /** Loop-thread pool of the buffers corked writes are copied into. */
  final WriteChunks writeChunks = new WriteChunks();
  /** Loop-thread spares of empty send queues; see {@link #takeQueue()}. */
  private final ArrayDeque<OutboundQueue> spareQueues = new ArrayDeque<>();
  /** Channels with corked writes, flushed at the end of the current pass. Loop thread only. */
  private final ArrayList<ChannelIo> flushes = new ArrayList<>();
  private ByteBuffer tlsPlaintext;
  private ByteBuffer tlsCiphertext;

  EventLoop(String threadName, NanoClock clock) {
    this(threadName, clock, false);
  }

  EventLoop(String threadName, NanoClock clock, boolean daemon) {
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open selector", e);
    }
    // Not a daemon by default: a server's loops keep the JVM alive until the group is shut down.
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(daemon);
    this.thread.start();
  }

  /** Returns true if the caller runs on this loop's thread. */
  public boolean inEventLoop() {
    return Thread.currentThread() == thread;
  }

  /** Returns the clock this loop's timers read. */
  public NanoClock clock() {
    return clock;
  }

  /**
   * Runs the task on this loop's thread, after every task enqueued before it. Never runs it inline,
   * even when called on the loop.
   *
   * @throws RejectedExecutionException if the loop has terminated
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (state == TERMINATED) {
      throw new RejectedExecutionException("event loop " + thread.getName() + " has terminated");
    }
    tasks.offer(task);
    if (!inEventLoop() && awake.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /**
   * Runs the task once on this loop after {@code delay}, measured by this loop's {@link
   * #clock()}. Timers with equal deadlines run in the order they were scheduled.
   *
   * @return a handle to cancel the task, usable from any thread
   */
  public TimerHandle schedule(Runnable task, long delay, TimeUnit unit) {
    Objects.requireNonNull(task, "task");
    long deadline = clock.nanoTime() + Math.max(0, unit.toNanos(delay));
    ScheduledTimer timer =
        new ScheduledTimer(this, task, deadline, timerSequence.getAndIncrement());
    if (inEventLoop()) {
      timers.add(timer);
    } else {
      // A cancel racing with this task is safe: either the state check below sees it, or the
      // removal task it enqueues runs after this one (the queue is FIFO).
      execute(
          () -> {
            if (!timer.isCancelled()) {
              timers.add(timer);
            }
          });
    }
    return timer;
  }

  /**
   * Watches a channel the caller owns for readiness, on this loop. The channel is switched to
   * non-blocking mode and registered on the loop (asynchronously when called off the loop); the
   * handler then runs on this loop whenever the channel is ready for one of {@code ops}.
   *
   * <p>The watch never closes the channel: cancelling only deregisters it.
   *
   * @param ops a set of {@link SelectionKey} operation bits valid for the channel
   */
  public Watch watch(SelectableChannel channel, int ops, WatchHandler handler) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(handler, "handler");
    if ((ops & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException("operations not supported by channel: " + ops);
    }
    try {
      channel.configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Watch watch = new Watch(this, channel, handler, ops);
    runOnLoop(watch::register);
    return watch;
  }

  /** Runs the task now if on the loop, else enqueues it. */
  void runOnLoop(Runnable task) {
    if (inEventLoop()) {
      task.run();
    } else {
      execute(task);
    }
  }

  /**
   * Asks for {@code io.flush()} at the end of the current pass (the readiness event, timer run or
   * task batch being handled). Loop thread only.
   */
  void deferFlush(ChannelIo io) {
    flushes.add(io);
  }

  /**
   * An empty send queue, for a channel's first queued byte. A channel holds one only while bytes
   * wait for its socket and then gives it back ({@link #giveBack}), so idle channels hold none
   * and steady traffic reuses the same few instead of allocating one per write. Loop thread only.
   */
  OutboundQueue takeQueue() {
    OutboundQueue q = spareQueues.pollLast();
    return q != null ? q : new OutboundQueue();
  }

  /**
   * Takes back an empty queue from {@link #takeQueue()}; the caller must not use it again. At
   * most {@link #MAX_SPARE_QUEUES} are kept. Loop thread only.
   */
  void giveBack(OutboundQueue q) {
    assert q.isEmpty();
    if (spareQueues.size() < MAX_SPARE_QUEUES) {
      spareQueues.addLast(q);
    }
  }

  /** Spare send queues held now. Loop thread only (tests). */
  int spareQueues() {
    return spareQueues.size();
  }

  /** Writes every corked channel's queue. Loop thread only. */
  private void flushDeferred() {
    // By index: a flush may notify a handler whose writes defer further flushes.
    for (int i = 0; i < flushes.size(); i++) {
      ChannelIo io = flushes.get(i);
      try {
        io.flush();
      } catch (Throwable t) {
        failed("flush", t);
      }
    }
    flushes.clear();
  }

  /** Registers a channel with this loop's selector. Loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, Selectable attachment)
      throws ClosedChannelException {
    assert inEventLoop();
    return channel.register(selector, ops, attachment);
  }

  /** Removes a cancelled timer from the heap, now on the loop or by a task otherwise. */
  void removeTimer(ScheduledTimer timer) {
    if (inEventLoop()) {
      timers.remove(timer);
    } else {
      try {
        execute(() -> timers.remove(timer));
      } catch (RejectedExecutionException e) {
        // Terminated: the heap is gone with the loop.
      }
    }
  }

  /** Number of pending timers. Loop thread only (tests). */
  int pendingTimers() {
    return timers.size();
  }

  /** Capacity of the timer heap's array. Loop thread only (tests). */
  int timerCapacity() {
    return timers.capacity();
  }

  /**
   * The shared read buffer. Loop thread only; valid until the caller returns. Direct, because
   * {@code SocketChannel.read} into a heap buffer reads into a temporary direct buffer and copies;
   * the layer above reads it with absolute bulk and {@code getLong} accessors, which are fast on
   * direct buffers too.
   */
  ByteBuffer readBuffer() {
    return readBuffers.current();
  }

  /**
   * Scratch for TLS plaintext produced by {@code SSLEngine.unwrap}, allocated on first TLS use.
   * Heap: the engine decrypts into it with array copies and nothing passes it to a system call.
   */
  ByteBuffer tlsPlaintext(int minSize) {
    if (tlsPlaintext == null || tlsPlaintext.capacity() < minSize) {
      tlsPlaintext = ByteBuffer.allocate(Math.max(READ_BUFFER_SIZE, minSize));
    }
    return tlsPlaintext;
  }

  /**
   * Scratch for TLS records produced by {@code SSLEngine.wrap}, allocated on first TLS use.
   * Direct, because it goes straight to {@code SocketChannel.write}.
   */
  ByteBuffer tlsCiphertext(int minSize) {
    if (tlsCiphertext == null || tlsCiphertext.capacity() < minSize) {
      tlsCiphertext = ByteBuffer.allocateDirect(Math.max(READ_BUFFER_SIZE, minSize));
    }
    return tlsCiphertext;
  }

  /** Starts a graceful shutdown; see {@link EventLoopGroup#shutdownGracefully}. */
  CompletableFuture<Void> shutdownGracefully(long timeoutNanos) {
    try {
      execute(
          () -> {
            if (state != RUNNING) {
              return;
            }
            state = SHUTTING_DOWN;
            schedule(() -> forceShutdown = true, timeoutNanos, TimeUnit.NANOSECONDS);
            for (Selectable s : attachments()) {
              guard(() -> s.onLoopShutdown(timeoutNanos <= 0));
            }
            forceShutdown |= timeoutNanos <= 0;
          });
    } catch (RejectedExecutionException e) {
      // Already terminated.
    }
    return terminated;
  }

  /**
   * Completes when the loop's thread has finished: normally after a shutdown, exceptionally (with
   * the cause) when the loop's own machinery failed and the loop had to end.
   */
  public CompletableFuture<Void> terminationFuture() {
    return terminated;
  }

  Thread thread() {
    return thread;
  }

  private List<Selectable> attachments() {
    List<Selectable> list = new ArrayList<>();
    if (!selector.isOpen()) {
      return list; // a broken selector took its registrations with it
    }
    for (SelectionKey key : selector.keys()) {
      if (key.isValid() && key.attachment() instanceof Selectable) {
        list.add((Selectable) key.attachment());
      }
    }
    return list;
  }

  private void run() {
    Throwable failure = null;
    try {
      while (!readyToTerminate()) {
        select(); // runs onSelected for each ready key
        runExpiredTimers();
        flushDeferred();
        runTasks();
        flushDeferred();
      }
    } catch (Throwable t) {
      // Only the loop's own machinery gets here (every callback is guarded): it cannot go on.
      failure = t;
      Logging.log(LOG, ERROR, "event loop " + thread.getName() + " failed", t);
    } finally {
      terminate(failure);
    }
  }

  private boolean readyToTerminate() {
    if (state != SHUTTING_DOWN) {
      return false;
    }
    if (forceShutdown) {
      return true;
    }
    for (SelectionKey key : selector.keys()) {
      if (key.isValid()) {
        return false;
      }
    }
    return tasks.isEmpty();
  }

  private void select() throws IOException {
    awake.set(false);
    // A task enqueued before the flag flipped is seen here; one enqueued after it wakes us.
    if (!tasks.isEmpty()) {
      selector.selectNow(onSelected);
    } else {
      ScheduledTimer next = timers.peek();
      if (next == null) {
        if (state == SHUTTING_DOWN) {
          selector.select(onSelected, 10);
        } else {
          selector.select(onSelected);
        }
      } else {
        long waitNanos = next.deadline - clock.nanoTime();
        if (waitNanos <= 0) {
          selector.selectNow(onSelected);
        } else {
          // Round up: waking a little late is harmless, waking early spins.
          long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
          selector.select(onSelected, state == SHUTTING_DOWN ? Math.min(millis, 10) : millis);
        }
      }
    }
    awake.set(true);
  }

  /**
   * One ready key, called by the selector during {@link #select()}. Handing keys to an action
   * rather than collecting them in the selected-key set saves that set's entry per ready key, the
   * last allocation an echo made per message.
   */
  private void onSelected(SelectionKey key) {
    // Awake from here on: a task enqueued now is run after this pass without a wakeup. A plain
    // release store is enough; a producer that still reads false only wakes us needlessly.
    awake.lazySet(true);
    if (!key.isValid()) {
      return;
    }
    Selectable s = (Selectable) key.attachment();
    int ready;
    try {
      ready = key.readyOps();
    } catch (java.nio.channels.CancelledKeyException e) {
      return;
    }
    try {
      s.onReady(ready);
    } catch (Throwable t) {
      // One channel's fault, even an OutOfMemoryError from its own allocation: that channel is
      // closed (freeing what it held) and the loop serves the others.
      failed("I/O callback", t);
      try {
        s.onFault(t);
      } catch (Throwable again) {
        failed("closing a failed channel", again);
      }
    }
    // The writes this event produced go out now, one system call per socket.
    if (!flushes.isEmpty()) {
      flushDeferred();
    }
  }

  private void runExpiredTimers() {
    long now = clock.nanoTime();
    ScheduledTimer t;
    while ((t = timers.peek()) != null && t.deadline - now <= 0) {
      timers.poll();
      if (t.claimRun()) {
        guard(t.task);
      }
    }
  }

  private void runTasks() {
    for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      guard(task);
    }
  }

  private void guard(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      failed("task", t);
    }
  }

  /**
   * Logs what one piece of loop work threw, so the loop goes on with the next. Errors too: an
   * {@code OutOfMemoryError} or {@code StackOverflowError} raised by one connection's work says
   * that work failed, and what it held is unreachable once its channel is closed; ending the loop
   * would drop every other connection on it for one peer's doing.
   */
  private void failed(String what, Throwable t) {
    Logging.log(LOG, WARNING, what + " failed on event loop " + thread.getName(), t);
  }

  /** Test hook: breaks the loop's own machinery, as a failing selector would. */
  void breakSelectorForTest() throws IOException {
    selector.close();
  }

  private void terminate(Throwable failure) {
    for (Selectable s : attachments()) {
      guard(() -> s.onLoopShutdown(true));
    }
    state = TERMINATED;
    // Tasks that raced with termination still run, so no future they complete is left hanging.
    Runnable task;
    while ((task = tasks.poll()) != null) {
      guard(task);
    }
    try {
      selector.close();
    } catch (IOException e) {
      Logging.log(LOG, DEBUG, "closing selector", e);
    }
    if (failure == null) {
      terminated.complete(null);
    } else {
      terminated.completeExceptionally(failure);
    }
  }
}
