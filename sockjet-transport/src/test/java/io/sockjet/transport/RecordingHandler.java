package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Thread-safe: a handler that records every event of one channel for assertions, and checks the
 * handler contract as it goes (callbacks on the channel's loop, never concurrent, onClose once).
 * After each test, {@link HandlersKeptContract} asserts that every handler the test made saw the
 * contract kept ({@link #assertContractKept}).
 */
class RecordingHandler implements ChannelHandler {
  /** Handlers made since the last check (tests run one at a time in a JVM). */
  private static final List<RecordingHandler> MADE =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  final CompletableFuture<Channel> opened = new CompletableFuture<>();
  /** Completes with the close cause, or with a sentinel for a null cause. */
  final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  final CompletableFuture<Void> inputClosed = new CompletableFuture<>();
  final List<Boolean> writability = new ArrayList<>();
  final AtomicInteger closeCount = new AtomicInteger();
  /** Set when a contract check failed; tests assert it stays null. */
  volatile String violation;

  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  // The thread inside a callback, and how deep: a write made in one callback may deliver another
  // (onWritabilityChanged) on the same thread, which is nesting, not concurrency.
  private final java.util.concurrent.atomic.AtomicReference<Thread> inCallback =
      new java.util.concurrent.atomic.AtomicReference<>();
  private int depth; // only touched by the thread in inCallback
  private final boolean echo;

  static final Throwable NO_CAUSE = new Throwable("closed without cause");

  RecordingHandler() {
    this(false);
  }

  RecordingHandler(boolean echo) {
    this.echo = echo;
    MADE.add(this);
  }

  /** The handlers made since the last call, which forgets them. */
  static List<RecordingHandler> takeMade() {
    List<RecordingHandler> made = List.copyOf(MADE);
    MADE.clear();
    return made;
  }

  /** Fails if a callback broke the handler contract: off the loop, concurrent, a second onClose. */
  void assertContractKept() {
    if (violation != null || closeCount.get() > 1) {
      throw new AssertionError("handler contract broken: "
          + (violation != null ? violation : "onClose called " + closeCount.get() + " times"));
    }
  }

  /** Called in onOpen after recording; tests override to act. */
  void opened(Channel channel) {}

  @Override
  public final void onOpen(Channel channel) {
    enter(channel);
    try {
      opened(channel);
      opened.complete(channel);
    } finally {
      exit();
    }
  }

  @Override
  public void onRead(Channel channel, ByteBuffer data) {
    enter(channel);
    try {
      if (echo) {
        channel.write(Ownership.LENT, data.duplicate());
      }
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (received) {
        received.write(bytes, 0, bytes.length);
      }
    } finally {
      exit();
    }
  }

  @Override
  public void onInputClosed(Channel channel) {
    enter(channel);
    inputClosed.complete(null);
    exit();
    ChannelHandler.super.onInputClosed(channel); // closes, as a handler that does not override
  }

  @Override
  public void onWritabilityChanged(Channel channel, boolean writable) {
    enter(channel);
    synchronized (writability) {
      writability.add(writable);
    }
    exit();
  }

  @Override
  public void onClose(Channel channel, Throwable cause) {
    enter(channel);
    if (closeCount.incrementAndGet() != 1) {
      violation = "onClose called twice";
    }
    closed.complete(cause == null ? NO_CAUSE : cause);
    exit();
  }

  byte[] received() {
    synchronized (received) {
      return received.toByteArray();
    }
  }

  int receivedCount() {
    synchronized (received) {
      return received.size();
    }
  }

  List<Boolean> writability() {
    synchronized (writability) {
      return List.copyOf(writability);
    }
  }

  /** Waits until {@code n} bytes have arrived; returns them. */
  byte[] awaitBytes(int n, Duration timeout) throws InterruptedException {
    awaitTrue(() -> receivedCount() >= n, timeout, "waiting for " + n + " bytes");
    return received();
  }

  /** Polls {@code condition} every few milliseconds until true, failing after {@code timeout}. */
  static void awaitTrue(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  private void enter(Channel channel) {
    if (!channel.loop().inEventLoop()) {
      violation = "callback off the channel's loop: " + Thread.currentThread().getName();
    }
    Thread me = Thread.currentThread();
    if (!inCallback.compareAndSet(null, me) && inCallback.get() != me) {
      violation = "concurrent callbacks";
      return;
    }
    depth++;
  }

  private void exit() {
    if (inCallback.get() == Thread.currentThread() && --depth == 0) {
      inCallback.set(null);
    }
  }
}
