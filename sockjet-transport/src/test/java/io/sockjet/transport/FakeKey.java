package io.sockjet.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Not thread-safe; used on one loop: a {@link SelectionKey} no selector made, for a {@link
 * FakeSocket}. It keeps the interest set the channel asks for, so a test can see what the channel
 * waits for, and fails as a real key does once cancelled. Its attachment is what the loop would
 * call: the test calls {@link Selectable#onReady} on it.
 */
final class FakeKey extends SelectionKey {
  private final SelectableChannel channel;
  private int interestOps;
  private boolean valid = true;

  FakeKey(SelectableChannel channel) {
    this.channel = channel;
  }

  /** What the loop would call for this key. */
  Selectable selectable() {
    return (Selectable) attachment();
  }

  @Override
  public SelectableChannel channel() {
    return channel;
  }

  @Override
  public Selector selector() {
    throw new UnsupportedOperationException("no selector behind a fake key");
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public void cancel() {
    valid = false;
  }

  @Override
  public int interestOps() {
    check();
    return interestOps;
  }

  @Override
  public SelectionKey interestOps(int ops) {
    check();
    interestOps = ops;
    return this;
  }

  @Override
  public int readyOps() {
    check();
    return 0;
  }

  private void check() {
    if (!valid) {
      throw new CancelledKeyException();
    }
  }
}
