package io.sockjet.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Not thread-safe; confined to its channel's event loop: the {@link SSLEngine} of one {@link
 * Channel}, fed ciphertext from the loop's read buffer and turning plaintext writes into records.
 *
 * <p>Buffers: plaintext is decrypted into the loop's TLS plaintext scratch and handed to the
 * channel's handler as a view valid until it returns; records are built in the loop's ciphertext
 * scratch and given to the channel's write path, which copies what the socket does not take. The
 * only buffer this class owns is {@code held}: ciphertext of an incomplete record (or, while
 * reading is paused, not yet decrypted records). It exists only while such bytes exist.
 */
final class TlsSession {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final ChannelIo channel;
  private final EventLoop loop;
  private final Duration handshakeTimeout;
  /** Closes the channel if the handshake is not done in time; null before begin and after. */
  private TimerHandle handshakeTimer;
  /** Ciphertext received but not yet unwrapped; null when there is none. */
  private ByteBuffer held;
  private boolean established;
  private boolean inboundDone;

  TlsSession(SSLEngine engine, Duration handshakeTimeout, ChannelIo channel, EventLoop loop) {
    this.engine = engine;
    this.handshakeTimeout = handshakeTimeout;
    this.channel = channel;
    this.loop = loop;
  }

  boolean isEstablished() {
    return established;
  }

  /** Starts the handshake, bounded by the handshake timeout; a client sends its ClientHello now. */
  void begin() throws IOException {
    handshakeTimer =
        loop.schedule(
            () ->
                channel.closeNow(
                    new SocketTimeoutException(
                        "TLS handshake not complete after " + handshakeTimeout)),
            handshakeTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    engine.beginHandshake();
    onCiphertext(EMPTY);
  }

  boolean hasHeld() {
    return held != null;
  }

  /** Keeps a copy of bytes read before the channel existed (adopted sockets). */
  void hold(ByteBuffer ciphertext) {
    if (ciphertext.hasRemaining()) {
      held = ByteBuffer.allocate(ciphertext.remaining()).put(ciphertext).flip();
    }
  }

  /**
   * Moves the held bytes to the front of {@code dst} (the loop's cleared read buffer) and
   * releases them. The held bytes never exceed the read buffer: they are a remainder of it.
   */
  void moveHeldTo(ByteBuffer dst) {
    if (held != null) {
      dst.put(held);
      held = null;
    }
  }

  /**
   * Processes ciphertext: advances the handshake, delivers plaintext to the channel, and keeps
   * what cannot be processed yet (an incomplete record, or anything while reading is paused).
   */
  void onCiphertext(ByteBuffer net) throws IOException {
    while (channel.isActive()) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        continue;
      }
      // NOT_HANDSHAKING before FINISHED means the engine closed itself, e.g. after a failed
      // certificate check in a delegated task: wrap to surface the stored exception and alert.
      if (hs == HandshakeStatus.NEED_WRAP
          || (!established && hs == HandshakeStatus.NOT_HANDSHAKING)) {
        if (!wrapHandshake()) {
          break;
        }
        continue;
      }
      if (!net.hasRemaining() || inboundDone || (established && channel.readPaused())) {
        break;
      }
      if (!unwrapAndDeliver(net)) {
        break;
      }
    }
    if (inboundDone) {
      return;
    }
    if (net.hasRemaining() && channel.isActive()) {
      held = ByteBuffer.allocate(net.remaining()).put(net).flip();
    }
  }

  /** One batch of unwraps into the plaintext scratch; false when more ciphertext is needed. */
  private boolean unwrapAndDeliver(ByteBuffer net) throws IOException {
    int appSize = engine.getSession().getApplicationBufferSize();
    ByteBuffer app = loop.tlsPlaintext(appSize);
    app.clear();
    SSLEngineResult r;
    do {
      r = engine.unwrap(net, app);
    } while (r.getStatus() == Status.OK
        && r.bytesConsumed() > 0
        && r.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
        && net.hasRemaining()
        && app.remaining() >= appSize);
    checkEstablished(r);
    if (app.position() > 0) {
      app.flip();
      channel.deliver(app);
    }
    switch (r.getStatus()) {
      case BUFFER_UNDERFLOW:
        return false;
      case CLOSED:
        // The peer sent close_notify: no more input. The engine may want to answer (TLS 1.2).
        inboundDone = true;
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
          wrapHandshake();
        }
        channel.onInputEnded();
        return false;
      case BUFFER_OVERFLOW:
        if (r.bytesProduced() == 0) {
          throw new SSLException("plaintext buffer too small for a record: " + app.capacity());
        }
        return true;
      default:
        HandshakeStatus hs = r.getHandshakeStatus();
        return r.bytesConsumed() > 0
            || r.bytesProduced() > 0
            || hs == HandshakeStatus.NEED_TASK
            || hs == HandshakeStatus.NEED_WRAP;
    }
  }

  /** Sends handshake (or alert, or close_notify) records; false if nothing was produced. */
  private boolean wrapHandshake() throws IOException {
    ByteBuffer out = loop.tlsCiphertext(engine.getSession().getPacketBufferSize());
    out.clear();
    SSLEngineResult r = engine.wrap(EMPTY, out);
    out.flip();
    if (out.hasRemaining()) {
      channel.writeWire(out);
    }
    checkEstablished(r);
    return r.bytesProduced() > 0 && r.getStatus() != Status.CLOSED;
  }

  /**
   * Encrypts every remaining byte of {@code srcs} and writes the records; the socket's leftovers
   * are copied, so {@code srcs} are never retained.
   *
   * @return true if some ciphertext was queued
   */
  boolean wrap(ByteBuffer[] srcs) throws IOException {
    boolean queued = false;
    int packetSize = engine.getSession().getPacketBufferSize();
    while (hasRemaining(srcs)) {
      ByteBuffer out = loop.tlsCiphertext(packetSize);
      out.clear();
      while (out.remaining() >= packetSize && hasRemaining(srcs)) {
        SSLEngineResult r = engine.wrap(srcs, out);
        if (r.getStatus() == Status.CLOSED) {
          throw new SSLException("TLS engine closed for output");
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
          runDelegatedTasks();
        }
        if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
          break;
        }
      }
      out.flip();
      if (!out.hasRemaining()) {
        throw new SSLException("TLS engine produced no record for " + packetSize + " bytes");
      }
      queued |= channel.writeWire(out);
    }
    return queued;
  }

  /** Sends close_notify (queued behind every record already written or queued). */
  void closeOutbound() throws IOException {
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      if (!wrapHandshake()) {
        break;
      }
    }
  }

  /** TCP EOF: tells the engine; a missing close_notify (truncation) is tolerated. */
  void closeInbound() {
    inboundDone = true;
    held = null;
    try {
      engine.closeInbound();
    } catch (SSLException e) {
      // Peers often close TCP without close_notify; the layer above frames its own close.
    }
  }

  /** Best effort after a failure: sends the alert the engine prepared, if any. */
  void sendPendingAlert() {
    try {
      if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        wrapHandshake();
      }
    } catch (IOException | RuntimeException e) {
      // The connection is being torn down either way.
    }
  }

  /** The channel has closed: drops the held bytes and the handshake timer. */
  void release() {
    held = null;
    cancelHandshakeTimer();
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
  }

  private void checkEstablished(SSLEngineResult r) {
    if (established) {
      return;
    }
    // Only FINISHED counts: a closed (failed) engine also reports NOT_HANDSHAKING.
    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
      established = true;
      cancelHandshakeTimer();
      channel.onHandshakeComplete();
    }
  }

  private void runDelegatedTasks() {
    // Inline on the loop: see TlsConfig for why.
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static boolean hasRemaining(ByteBuffer[] srcs) {
    for (ByteBuffer b : srcs) {
      if (b.hasRemaining()) {
        return true;
      }
    }
    return false;
  }
}
