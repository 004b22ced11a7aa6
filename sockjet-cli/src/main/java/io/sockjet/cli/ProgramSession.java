package io.sockjet.cli;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection's program, for {@code sockjet serve --exec}: each line the program writes to
 * standard output becomes a text message, and each message received becomes a line on its
 * standard input; with {@code --binary}, whatever it writes is sent as binary messages as it
 * comes, and each message is written as it is, without a newline. Its environment carries the
 * request's CGI variables ({@link CgiEnvironment}). When the program exits the connection is closed (1000 for status 0, 1011
 * otherwise); when the connection closes the program is ended ({@link #end}).
 *
 * <p>Threads: a process's streams block, so each session has three daemon threads, which live as
 * long as its program: {@code out} starts the program (off the event loop: starting a process
 * takes milliseconds) and turns its output into messages, {@code in} writes messages to its
 * input, {@code err} copies its standard error to the server's, prefixed. The number of threads is
 * thus three per open connection; {@code --max-connections} bounds it.
 *
 * <p>Backpressure, both ways. Output: after each message, if the connection has more than {@code
 * flushMark} bytes queued, {@code out} waits until they are written to the socket before reading
 * on; the program then blocks on a full pipe, so a slow client slows the program down instead of
 * filling memory. Input: messages wait in a queue for {@code in}, and a {@link ReadGate} pauses
 * reading from the socket while more than {@value #INPUT_HIGH} bytes wait, so a program that does
 * not read its input pushes back on the client through TCP.
 */
final class ProgramSession {
  /** Queued input bytes that pause reading: a Linux pipe's own buffer, so at most about twice that waits. */
  static final long INPUT_HIGH = 64 * 1024;
  /** Bytes of one standard error line kept before it is printed in pieces. */
  private static final int MAX_ERROR_LINE = 8 * 1024;
  private static final byte[] END_OF_INPUT = new byte[0];

  /** Bytes read from a --binary program's output at most per message: a pipe's buffer. */
  private static final int BINARY_CHUNK = 64 * 1024;

  private final WebSocket ws;
  private final List<String> command;
  private final Map<String, String> environment;
  private final int maxLine;
  private final long flushMark;
  private final Duration grace;
  private final boolean binary;
  private final PrintWriter log; // null when --quiet
  private final PrintWriter err;
  private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
  private final ReadGate gate;
  private final CompletableFuture<Void> exited = new CompletableFuture<>();
  private final Object lock = new Object();
  private Process process; // guarded by lock
  private boolean ended; // guarded by lock
  private boolean inputClosed; // guarded by input

  /**
   * A session for {@code ws} running {@code command} with {@code environment} added to the
   * server's own ({@link CgiEnvironment#apply}), as {@code settings} say.
   */
  ProgramSession(WebSocket ws, List<String> command, Map<String, String> environment,
      ExecSettings settings) {
    this.ws = ws;
    this.command = command;
    this.environment = environment;
    this.maxLine = settings.maxLine();
    this.flushMark = settings.flushMark();
    this.grace = settings.grace();
    this.binary = settings.binary();
    this.log = settings.log();
    this.err = settings.err();
    this.gate = new ReadGate(new ReadGate.Valve() {
      @Override
      public void pause() {
        ws.pauseReading();
      }

      @Override
      public void resume() {
        ws.resumeReading();
      }
    }, INPUT_HIGH, 0);
  }

  /** Starts the program on a new thread. Called once, from the connection's onOpen. */
  void start() {
    Thread out = new Thread(this::runOutput, "sockjet-exec-out");
    out.setDaemon(true);
    out.start();
  }

  /** Completes when the program has exited, or failed to start. */
  CompletableFuture<Void> exited() {
    return exited;
  }

  /**
   * Queues a message for the program's standard input, as a line. Called on the connection's
   * event loop. Dropped once the program has closed its input (or exited): it does not want it.
   */
  void send(byte[] message) {
    synchronized (input) {
      // Checked and queued under the lock closeInput() takes, so no message is queued after the
      // queue was emptied for good (it would hold the gate shut with no one to open it).
      if (inputClosed) {
        return;
      }
      input.add(message);
    }
    gate.added(cost(message));
  }

  /** What a message weighs in the input queue: its bytes and, but for --binary, the newline. */
  private long cost(byte[] message) {
    return message.length + (binary ? 0L : 1L);
  }

  /** No more input will be written: drop what waits, so the connection reads again. */
  private void closeInput() {
    synchronized (input) {
      inputClosed = true;
    }
    byte[] dropped;
    while ((dropped = input.poll()) != null) {
      gate.removed(dropped == END_OF_INPUT ? 0 : cost(dropped));
    }
  }

  /**
   * Ends the program because the connection closed: closes its standard input, sends SIGTERM to
   * it and its descendants, and SIGKILL to whatever is left after the grace period. Idempotent;
   * called on the event loop (or at shutdown), never blocks.
   */
  void end() {
    Process p;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      p = process;
    }
    input.add(END_OF_INPUT);
    if (p != null) {
      terminate(p);
    }
  }

  private void terminate(Process p) {
    // Signalled through handles: Process.destroy() would also close our ends of its pipes, and
    // what it writes to standard error while it exits would be lost. Descendants are listed
    // first, then signalled: a shell's children would otherwise outlive it.
    ProcessHandle handle = p.toHandle();
    List<ProcessHandle> descendants = handle.descendants().toList();
    handle.destroy();
    descendants.forEach(ProcessHandle::destroy);
    // The kill after the grace period runs on the JDK's delay thread: it only sends signals.
    CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
        .execute(() -> {
          handle.destroyForcibly();
          descendants.forEach(ProcessHandle::destroyForcibly);
        });
  }

  /** Waits up to {@code timeout} for the program to exit, then kills it. For shutdown. */
  void awaitExit(Duration timeout) {
    try {
      exited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      Process p;
      synchronized (lock) {
        p = process;
      }
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ the out thread

  private void runOutput() {
    Process p;
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      CgiEnvironment.apply(builder.environment(), environment);
      p = builder.start();
    } catch (IOException | RuntimeException e) {
      err.println("sockjet: exec: cannot start " + command.get(0) + ": " + e.getMessage());
      closeInput();
      exited.complete(null);
      ws.close(1011, "cannot start program");
      return;
    }
    synchronized (lock) {
      process = p;
      if (ended) {
        terminate(p); // the connection closed while the program was starting
      }
    }
    String who = programName(command.get(0)) + "[" + p.pid() + "]";
    if (log != null) {
      log.println("exec  " + ConnectionLog.address(ws.remoteAddress()) + " pid=" + p.pid() + " "
          + String.join(" ", command));
    }
    daemon(() -> runInput(p.getOutputStream()), "sockjet-exec-in-" + p.pid());
    daemon(() -> runErrors(p.getErrorStream(), who + ": "), "sockjet-exec-err-" + p.pid());
    try {
      if (binary) {
        pumpBytes(p.getInputStream());
      } else {
        pumpOutput(p.getInputStream());
      }
      int status = p.waitFor();
      boolean exitedByItself;
      synchronized (lock) {
        exitedByItself = !ended;
      }
      if (log != null) {
        log.println("exit  " + ConnectionLog.address(ws.remoteAddress()) + " pid=" + p.pid()
            + " status=" + status);
      }
      if (exitedByItself) {
        if (status == 0) {
          ws.close(1000, "program exited");
        } else {
          ws.close(1011, "program exited with status " + status);
        }
      }
    } catch (IOException e) {
      // The stream broke because the program was ended: the connection is already closing.
      end();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end();
    } finally {
      exited.complete(null);
    }
  }

  private void pumpOutput(InputStream stdout) throws IOException, InterruptedException {
    LineReader lines = new LineReader(stdout, maxLine, LineReader.Overflow.SPLIT);
    byte[] line;
    while ((line = lines.next()) != null) {
      if (ws.sendText(new String(line, StandardCharsets.UTF_8)) == SendResult.REFUSED) {
        return; // closing or closed: the program is being ended
      }
      if (!sentAndDrained()) {
        return;
      }
    }
  }

  /** --binary: whatever the program writes goes out as binary messages, as it comes. */
  private void pumpBytes(InputStream stdout) throws IOException, InterruptedException {
    byte[] buffer = new byte[BINARY_CHUNK];
    int n;
    while ((n = stdout.read(buffer)) >= 0) {
      if (n > 0 && (ws.sendBinary(ByteBuffer.wrap(buffer, 0, n)) == SendResult.REFUSED
          || !sentAndDrained())) {
        return; // the send copied the bytes, so the buffer is free again
      }
    }
  }

  /**
   * Counts a message sent and, once more than the flush mark waits, waits for it to be written;
   * false if the connection closed meanwhile.
   */
  private boolean sentAndDrained() throws InterruptedException {
    ConnectionStats.sent(ws);
    if (ws.queuedBytes() > flushMark) {
      try {
        ws.flushed().get(); // fails, and so returns, if the connection closes first
      } catch (ExecutionException e) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ the in and err threads

  private void runInput(OutputStream stdin) {
    try (OutputStream os = stdin) {
      while (true) {
        byte[] message = input.take();
        if (message == END_OF_INPUT) {
          return;
        }
        os.write(message);
        if (!binary) {
          os.write('\n');
        }
        if (input.isEmpty()) {
          os.flush(); // the stream is buffered: a line must not wait for the next one
        }
        gate.removed(cost(message));
      }
    } catch (IOException e) {
      // The program closed its input or exited: later messages are not for anyone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeInput();
    }
  }

  private void runErrors(InputStream stderr, String prefix) {
    LineReader lines = new LineReader(stderr, MAX_ERROR_LINE, LineReader.Overflow.SPLIT);
    try {
      byte[] line;
      while ((line = lines.next()) != null) {
        err.println(prefix + ConnectionLog.clean(new String(line, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      // The program is gone.
    }
  }

  private static void daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  /** The last part of a program path, for log prefixes. */
  private static String programName(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }
}
