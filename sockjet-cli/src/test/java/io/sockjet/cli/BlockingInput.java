package io.sockjet.cli;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Thread-safe: a standard input that has nothing to say until {@link #end()}: like a person at a
 * terminal who types nothing, so only the server can end the connection.
 */
final class BlockingInput extends InputStream {
  private final CountDownLatch ended = new CountDownLatch(1);

  @Override
  public int read() throws java.io.IOException {
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
    return -1;
  }

  /** End of input from now on. */
  void end() {
    ended.countDown();
  }
}
