package io.sockjet.cli;

import io.sockjet.MessageSender;
import io.sockjet.SendResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Confined to one thread of its own: reads stdin line by line and sends each line as a message
 * (text, or binary with {@code --binary}); at end of input (or after {@code maxLines} lines) it
 * waits for everything sent to be written, then hands over to its {@link AtEnd}, which decides
 * when to close (see {@link QuietClose}). Nothing read is lost unseen: a line is either sent
 * before the close frame, or the connection was already closing (and the command reports why),
 * or with {@code --reconnect} none was open (and a line on stderr says so).
 *
 * <p>Backpressure: when more than {@link #WAIT_ABOVE} bytes are queued, reading stdin waits for
 * the queue to be written, so a fast producer on a slow link costs bounded memory.
 */
final class StdinSender implements Runnable {
  /** 1 MiB queued: a few socket writes' worth, plenty to keep a fast link busy. */
  static final long WAIT_ABOVE = 1 << 20;

  /** What happens once the input has ended and every line is written. */
  @FunctionalInterface
  interface AtEnd {
    /** Runs on the stdin thread; may block until it has closed the connection (or not). */
    void run(Link link) throws InterruptedException;
  }

  private final Link link;
  private final MessageSender sender;
  private final PrintStream err;
  private final LineReader lines;
  private final boolean binary;
  private final long maxLines;
  private final AtEnd atEnd;
  private final CompletableFuture<String> inputFailure = new CompletableFuture<>();

  /**
   * Sends the first {@code maxLines} lines of {@code in} over {@code link}, each limited to {@code
   * maxLineBytes}, then runs {@code atEnd}. A line a reconnecting link refuses (between two
   * connections) is lost, and said so on {@code err}.
   */
  StdinSender(Link link, InputStream in, boolean binary, int maxLineBytes, long maxLines,
      AtEnd atEnd, PrintStream err) {
    this.link = link;
    this.sender = link.sender();
    this.err = err;
    this.lines = new LineReader(in, maxLineBytes, LineReader.Overflow.FAIL);
    this.binary = binary;
    this.maxLines = maxLines;
    this.atEnd = atEnd;
  }

  /**
   * Why reading stdin failed, once known: completes with null at a normal end of input, or with
   * a message when a line was too long or the input could not be read.
   */
  CompletableFuture<String> inputFailure() {
    return inputFailure;
  }

  @Override
  public void run() {
    String failure = null;
    try {
      byte[] line;
      for (long n = 0; n < maxLines && (line = lines.next()) != null; n++) {
        SendResult r = binary ? sender.sendBinary(ByteBuffer.wrap(line))
            : sender.sendText(new String(line, StandardCharsets.UTF_8));
        if (r == SendResult.REFUSED) {
          if (!link.comesBack() || link.ended().isDone()) {
            return; // closing already: the close event tells why
          }
          err.println("sockjet: not connected: a line of " + line.length + " bytes was lost");
        }
        if (sender.queuedBytes() > WAIT_ABOVE) {
          awaitFlushed();
        }
      }
    } catch (IOException e) {
      failure = "reading stdin failed: " + e.getMessage();
    } catch (ExecutionException | RejectedExecutionException e) {
      return; // the connection closed while we sent or waited: the close event tells why
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      inputFailure.complete(failure);
    }
    if (link.ended().isDone()) {
      return; // the server closed while we read: nothing left to close
    }
    try {
      // Everything written before the wait starts: the server's time to answer counts from when
      // it has our last line, and a close timeout can never cut a long write short.
      awaitFlushed();
      atEnd.run(link);
    } catch (ExecutionException | RejectedExecutionException e) {
      // Closed (and its loop perhaps stopped) meanwhile: nothing left to close.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until what was sent is written. A failure means the connection closed; with a link that
   * comes back that is no reason to stop, as the next connection takes the next lines.
   */
  private void awaitFlushed() throws ExecutionException, InterruptedException {
    try {
      sender.flushed().get();
    } catch (ExecutionException e) {
      if (!link.comesBack()) {
        throw e;
      }
    }
  }
}
