package io.sockjet.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Not thread-safe; called on the loop of the channel it backs, and set up or read by the test
 * thread only between round trips through that loop (whose task queue orders the two): a {@link
 * SocketChannel} with no network behind it, for unit tests of {@link ChannelIo}.
 *
 * <p>Why a subclass of {@code SocketChannel} and not an interface ChannelIo would call: the
 * JDK's {@code SocketChannel} is an abstract class meant to be extended (by selector providers),
 * so the production code keeps its one final {@code SocketChannel} field and its call sites as
 * they are, and a connection pays for no wrapper object. What a fake cannot do is register with
 * a real {@link java.nio.channels.Selector}; the test hands the channel a {@link FakeKey} (the
 * path adopted sockets take) and calls {@link Selectable#onReady} itself, as the loop would.
 *
 * <p>Writes take at most {@link #accept(long)} bytes (a full socket takes none); reads return
 * what {@link #receive} queued, then -1 after {@link #receiveEof()}, else 0.
 */
final class FakeSocket extends SocketChannel {
  /** What {@link #accept} takes for "any amount". */
  static final long UNLIMITED = Long.MAX_VALUE;

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
  private final Map<SocketOption<?>, Object> options = new HashMap<>();
  private long writable = UNLIMITED;
  private boolean eof;
  private int writeCalls;
  private int readCalls;
  private int closes;
  private boolean inputShut;
  private boolean outputShut;

  FakeSocket() {
    super(SelectorProvider.provider());
  }

  // ------------------------------------------------------------------ test controls

  /** From now on writes take at most {@code bytes} more in all ({@link #UNLIMITED}: any). */
  FakeSocket accept(long bytes) {
    writable = bytes;
    return this;
  }

  /** Queues bytes for the channel's next reads. */
  void receive(byte[] bytes) {
    inbound.addLast(ByteBuffer.wrap(bytes));
  }

  /** The peer closes its output: once the queued bytes are read, reads return -1. */
  void receiveEof() {
    eof = true;
  }

  /** Every byte written so far, in order. */
  byte[] written() {
    return written.toByteArray();
  }

  int writeCalls() {
    return writeCalls;
  }

  int readCalls() {
    return readCalls;
  }

  /** How many times the channel was closed (the JDK calls the close hook once however often). */
  int closes() {
    return closes;
  }

  boolean inputShut() {
    return inputShut;
  }

  boolean outputShut() {
    return outputShut;
  }

  Object option(SocketOption<?> name) {
    return options.get(name);
  }

  // ------------------------------------------------------------------ what ChannelIo calls

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    readCalls++;
    if (inputShut) {
      return -1;
    }
    ByteBuffer next = inbound.peekFirst();
    if (next == null) {
      return eof ? -1 : 0;
    }
    int n = Math.min(next.remaining(), dst.remaining());
    dst.put(dst.position(), next, next.position(), n);
    dst.position(dst.position() + n);
    next.position(next.position() + n);
    if (!next.hasRemaining()) {
      inbound.pollFirst();
    }
    return n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    throw new UnsupportedOperationException("ChannelIo does not scatter");
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return (int) write(new ByteBuffer[] {src}, 0, 1);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ensureOpen();
    if (outputShut) {
      throw new java.nio.channels.ClosedChannelException();
    }
    writeCalls++;
    long taken = 0;
    for (int i = offset; i < offset + length && writable > 0; i++) {
      ByteBuffer src = srcs[i];
      int n = (int) Math.min(src.remaining(), writable);
      byte[] bytes = new byte[n];
      src.get(bytes);
      written.write(bytes, 0, n);
      taken += n;
      if (writable != UNLIMITED) {
        writable -= n;
      }
    }
    return taken;
  }

  @Override
  public SocketChannel shutdownInput() throws IOException {
    ensureOpen();
    inputShut = true;
    return this;
  }

  @Override
  public SocketChannel shutdownOutput() throws IOException {
    ensureOpen();
    outputShut = true;
    return this;
  }

  @Override
  public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
    ensureOpen();
    options.put(name, value);
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return (T) options.get(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_LINGER);
  }

  @Override
  protected void implConfigureBlocking(boolean block) {}

  @Override
  protected void implCloseSelectableChannel() {
    closes++;
  }

  @Override
  public SocketAddress getRemoteAddress() {
    return new InetSocketAddress("192.0.2.1", 40000); // TEST-NET-1: never a real peer
  }

  @Override
  public SocketAddress getLocalAddress() {
    return new InetSocketAddress("192.0.2.2", 8080);
  }

  @Override
  public boolean isConnected() {
    return isOpen();
  }

  @Override
  public boolean isConnectionPending() {
    return false;
  }

  // ------------------------------------------------------------------ not used by ChannelIo

  @Override
  public SocketChannel bind(SocketAddress local) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean connect(SocketAddress remote) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean finishConnect() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket socket() {
    throw new UnsupportedOperationException();
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }
}
