package io.sockjet.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw drivers' event loop, on a thread of its own: reads every connection into one shared
 * buffer, cuts the server's frames out of it (RFC 6455 §5.2; server frames are unmasked),
 * reassembles fragmented messages, answers pings, and hands each whole message to a {@link
 * Handler}. For small messages it keeps no per-connection read buffer: only the start of a frame
 * that has not fully arrived is copied aside; for large ones each connection reads into a buffer
 * of its own. Everything but {@link #stop()} and the handler's own counters is
 * confined to the loop thread.
 *
 * <p>Why not a WebSocket client library: the driver must cost less per message than the fastest
 * server it measures, with one core each. Sending prebuilt frames and checking echoes in place
 * costs a fraction of what a general client (Sockjet's included) spends per message.
 */
final class RawLoop implements Runnable {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  private static final int CONTINUATION = 0x0;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;

  /**
   * What a driver does with the messages. Called on the loop thread; the payload is a view valid
   * only during the call.
   */
  interface Handler {
    /** A whole message arrived; {@code nanos} is when the read that completed it returned. */
    void message(RawConnection c, int opcode, ByteBuffer payload, long nanos) throws IOException;

    /** All messages of one read have been handed over (the moment to send answers together). */
    default void readDone(RawConnection c, long nanos) throws IOException {}

    /** The connection failed or the server closed it. */
    void failed(RawConnection c, String why);
  }

  private final Selector selector;
  private final Handler handler;
  /** Reads land here after the connection's leftover; large enough for several 64 KiB frames. */
  private final ByteBuffer in;
  /** The longest frame accepted: the largest message plus room for any header. */
  private final int largestFrame;
  /** Whether connections read into buffers of their own (large messages) or into {@link #in}. */
  private final boolean perConnection;
  private final long pauseNanos;
  private volatile boolean running = true;

  /**
   * A loop for messages up to {@code largestMessage} bytes that, after every pass that found
   * input, rests {@code pauseNanos} before the next: input then gathers in the socket buffers
   * and one read takes many frames (0: read as soon as anything arrives).
   */
  RawLoop(Selector selector, Handler handler, int largestMessage, long pauseNanos) {
    this.selector = selector;
    this.handler = handler;
    this.largestFrame = largestMessage + 14;
    this.in = ByteBuffer.allocateDirect(Math.max(256 * 1024, 4 * largestFrame));
    // Below a few KiB a frame rarely arrives in pieces, and 10,000 connections must not each
    // hold a buffer; above, the pieces would otherwise be copied over and over.
    this.perConnection = largestMessage > 4096;
    this.pauseNanos = pauseNanos;
  }

  /** Starts the loop on a new thread (the connections must be open and registered). */
  Thread start(String name) {
    Thread t = new Thread(this, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Asks the loop to end after its current pass. */
  void stop() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (running) {
        // The consumer form skips the selected-key set and its allocation per ready key.
        if (selector.select(this::ready, 100) > 0 && pauseNanos > 0) {
          LockSupport.parkNanos(pauseNanos);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("selector failed", e);
    }
  }

  private void ready(SelectionKey key) {
    RawConnection c = (RawConnection) key.attachment();
    try {
      if (key.isValid() && key.isWritable()) {
        c.flush();
      }
      if (key.isValid() && key.isReadable()) {
        read(c);
      }
    } catch (IOException | RuntimeException e) {
      key.cancel();
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // already failing
      }
      handler.failed(c, e.toString());
    }
  }

  private void read(RawConnection c) throws IOException {
    if (perConnection) {
      readOwn(c);
      return;
    }
    in.clear();
    if (c.leftover.hasRemaining()) {
      in.put(c.leftover);
    }
    if (c.channel.read(in) < 0) {
      closed(c);
      return;
    }
    long now = System.nanoTime();
    in.flip();
    parse(c, in, now);
    c.leftover = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip()
        : RawConnection.NO_BYTES;
    handler.readDone(c, now);
  }

  /**
   * Reads large messages into the connection's own buffer, after the bytes not yet parsed, so a
   * frame that arrives in pieces is not copied again with each piece; the tail moves to the
   * front only when too little room is left behind it for another whole frame.
   */
  private void readOwn(RawConnection c) throws IOException {
    ByteBuffer box = c.inbox;
    if (box == null) {
      box = c.inbox = ByteBuffer.allocateDirect(in.capacity());
      box.put(c.leftover).flip(); // what came with the handshake
    }
    int start = box.position();
    if (box.capacity() - box.limit() < largestFrame) {
      box.compact(); // position = the bytes kept, limit = capacity
      start = 0;
    } else {
      box.position(box.limit()).limit(box.capacity());
    }
    if (c.channel.read(box) < 0) {
      closed(c);
      return;
    }
    long now = System.nanoTime();
    box.limit(box.position()).position(start);
    parse(c, box, now);
    if (!box.hasRemaining()) {
      box.clear().limit(0);
    }
    handler.readDone(c, now);
  }

  private void closed(RawConnection c) throws IOException {
    c.key.cancel();
    c.channel.close();
    handler.failed(c, "server closed the connection");
  }

  /**
   * Hands over every whole frame in {@code in}, leaving its position at the first partial one.
   */
  private void parse(RawConnection c, ByteBuffer in, long now) throws IOException {
    while (in.remaining() >= 2) {
      int start = in.position();
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0xff;
      if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
        throw new IOException("reserved bits or a mask on a server frame: " + b0 + " " + b1);
      }
      long length = b1 & 0x7f;
      int header = 2;
      if (length == 126) {
        if (in.remaining() < 4) {
          return;
        }
        length = in.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (length == 127) {
        if (in.remaining() < 10) {
          return;
        }
        length = in.getLong(start + 2);
        header = 10;
      }
      if (length > largestFrame) {
        throw new IOException("frame of " + length + " bytes, more than this driver expects");
      }
      if (in.remaining() < header + length) {
        return;
      }
      ByteBuffer payload = in.slice(start + header, (int) length);
      in.position(start + header + (int) length);
      frame(c, (b0 & 0x80) != 0, b0 & 0x0f, payload, now);
    }
  }

  private void frame(RawConnection c, boolean fin, int opcode, ByteBuffer payload, long now)
      throws IOException {
    switch (opcode) {
      case TEXT, BINARY -> {
        if (c.assembly != null) {
          throw new IOException("a new message inside a fragmented one");
        }
        if (fin) {
          handler.message(c, opcode, payload, now);
        } else {
          c.assemblyOpcode = opcode;
          c.assembly = ByteBuffer.allocate(Math.max(1024, 2 * payload.remaining())).put(payload);
        }
      }
      case CONTINUATION -> {
        if (c.assembly == null) {
          throw new IOException("a continuation frame outside a message");
        }
        if (c.assembly.remaining() < payload.remaining()) {
          ByteBuffer bigger = ByteBuffer.allocate(2 * (c.assembly.position() + payload.remaining()));
          c.assembly = bigger.put(c.assembly.flip());
        }
        c.assembly.put(payload);
        if (fin) {
          ByteBuffer whole = c.assembly.flip();
          c.assembly = null;
          handler.message(c, c.assemblyOpcode, whole, now);
        }
      }
      case PING -> c.send(RawFrames.pong(payload, c.maskKey));
      case CLOSE -> throw new IOException("the server closed with a close frame: "
          + closeReason(payload));
      default -> { } // pong: nothing to do
    }
  }

  /** A close frame's code and reason (RFC 6455 §5.5.1), for the failure message. */
  private static String closeReason(ByteBuffer payload) {
    if (payload.remaining() < 2) {
      return "no code";
    }
    int code = payload.getShort(payload.position()) & 0xffff;
    ByteBuffer reason = payload.slice(payload.position() + 2, payload.remaining() - 2);
    return code + " " + StandardCharsets.UTF_8.decode(reason);
  }

  /** Closes every connection, when a driver ends. */
  static void closeAll(List<RawConnection> connections) {
    for (RawConnection c : connections) {
      try {
        c.channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
