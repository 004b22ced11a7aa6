package io.sockjet.cli;

import io.sockjet.SendResult;
import io.sockjet.WebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Confined to one thread of its own: reads stdin line by line and sends each line as a message
 * (text, or binary with {@code --binary}); at end of input it waits for everything sent to be
 * written, then closes the connection with 1000. Nothing read is lost: a line is either sent
 * before the close frame or the connection was already closing (and the command reports why).
 *
 * <p>Backpressure: when more than {@link #WAIT_ABOVE} bytes are queued, reading stdin waits for
 * the queue to be written, so a fast producer on a slow link costs bounded memory.
 */
final class StdinSender implements Runnable {
  /** 1 MiB queued: a few socket writes' worth, plenty to keep a fast link busy. */
  static final long WAIT_ABOVE = 1 << 20;

  private final WebSocket ws;
  private final LineReader lines;
  private final boolean binary;
  private final CompletableFuture<String> inputFailure = new CompletableFuture<>();

  /** Sends the lines of {@code in} over {@code ws}; lines are limited to {@code maxLineBytes}. */
  StdinSender(WebSocket ws, InputStream in, boolean binary, int maxLineBytes) {
    this.ws = ws;
    this.lines = new LineReader(in, maxLineBytes, LineReader.Overflow.FAIL);
    this.binary = binary;
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
      while ((line = lines.next()) != null) {
        SendResult r = binary ? ws.sendBinary(ByteBuffer.wrap(line))
            : ws.sendText(new String(line, StandardCharsets.UTF_8));
        if (r == SendResult.REFUSED) {
          return; // closing already: the close event tells why
        }
        if (ws.queuedBytes() > WAIT_ABOVE) {
          ws.flushed().get();
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
    if (ws.closeFuture().isDone()) {
      return; // the server closed while we read: nothing left to close
    }
    try {
      // close() sends what is queued before the close frame; waiting for flushed() first as well
      // keeps the order obvious and lets a close timeout never cut a long write short.
      ws.flushed().whenComplete((v, e) -> ws.close(1000, ""));
    } catch (RejectedExecutionException e) {
      // Closed and its loop stopped between the check and the call: nothing left to close.
    }
  }
}
