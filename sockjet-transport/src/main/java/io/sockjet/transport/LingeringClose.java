package io.sockjet.transport;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Not thread-safe; confined to the loop that started it (a server's accepting loop): answers a
 * refused connection with a few bytes and closes it so that the client can read them.
 *
 * <p>Closing a socket whose receive buffer still holds unread bytes (the client's request) makes
 * Linux send a reset instead of a FIN, and a reset may make the client's stack discard the answer
 * before the client reads it. So: read and discard what has arrived, write the answer in one
 * non-blocking write (what does not fit is dropped: never queued, never waited for), shut the
 * output down (FIN after the answer), then keep reading and discarding until the client closes
 * or {@link #LINGER_MILLIS} pass, and only then close.
 */
final class LingeringClose implements Selectable {
  private static final System.Logger LOG = System.getLogger(LingeringClose.class.getName());

  /**
   * How long a refused socket may wait for the client's EOF: ample for a client on loopback or a
   * LAN to read a short answer and close, short enough that a bounded number of lingering sockets
   * cannot hold file descriptors for long.
   */
  static final long LINGER_MILLIS = 1500;

  /**
   * Reads per readiness event: bounds the time one client that keeps sending can take from the
   * loop (16 reads of the 256 KiB loop buffer); the rest waits for the next event or the timer.
   */
  private static final int MAX_READS_PER_EVENT = 16;

  private final EventLoop loop;
  private final SocketChannel socket;
  private final Runnable onClosed;
  private SelectionKey key;
  private TimerHandle timer;
  private boolean closed;

  /**
   * @param onClosed runs once on the loop when the socket has been closed
   */
  private LingeringClose(EventLoop loop, SocketChannel socket, Runnable onClosed) {
    this.loop = loop;
    this.socket = socket;
    this.onClosed = onClosed;
  }

  /**
   * Writes {@code answer}'s remaining bytes (best effort) to {@code socket} and closes it as the
   * class comment describes; {@code onClosed} runs on the loop once it is closed, which may be
   * before this returns. Loop thread only; takes ownership of the socket.
   */
  static void start(EventLoop loop, SocketChannel socket, ByteBuffer answer, Runnable onClosed) {
    new LingeringClose(loop, socket, onClosed).start(answer);
  }

  private void start(ByteBuffer answer) {
    try {
      socket.configureBlocking(false);
      // The result is ignored: a client already at EOF has only shut its output down and may
      // still read the answer.
      discardInput();
      socket.write(answer);
      socket.shutdownOutput();
      key = loop.register(socket, SelectionKey.OP_READ, this);
      timer = loop.schedule(this::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      LOG.log(DEBUG, "refused connection failed while answering", e);
      close();
    }
  }

  @Override
  public void onReady(int readyOps) {
    try {
      if (!discardInput()) {
        close();
      }
    } catch (IOException e) {
      close();
    }
  }

  @Override
  public void onLoopShutdown(boolean force) {
    close();
  }

  /**
   * Reads and drops what the socket holds, up to {@link #MAX_READS_PER_EVENT} reads.
   *
   * @return false at EOF
   */
  private boolean discardInput() throws IOException {
    ByteBuffer scratch = loop.readBuffer();
    for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
      scratch.clear();
      int n = socket.read(scratch);
      if (n < 0) {
        return false;
      }
      if (n == 0) {
        return true;
      }
    }
    return true;
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(DEBUG, "closing refused socket", e);
    }
    onClosed.run();
  }
}
