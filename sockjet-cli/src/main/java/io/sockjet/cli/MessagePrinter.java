package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.Function;

/**
 * Prints every received message to stdout, one per line: text as it is, binary as one line of
 * standard Base64 (RFC 4648 §4, no line breaks, so {@code base64 -d} restores the bytes). Base64
 * rather than hex: a third larger than the bytes instead of twice, and a binary message can never
 * break the one-message-per-line rule. A text message that itself contains line breaks spans
 * several lines, as it would in any line-oriented tool.
 *
 * <p>Runs on the connections' event loops (callbacks of one connection are never concurrent; a
 * server's connections may print at once, so each message is one call on the synchronized
 * stream). A slow reader of stdout blocks the loop, which stops reading the socket: TCP pushes
 * back on the peer instead of the messages piling up in memory.
 */
final class MessagePrinter implements WebSocketListener {
  private final PrintStream out;
  private final Function<WebSocket, String> prefix;

  /** Prints to {@code out}, flushing after each message so a pipe sees it at once. */
  MessagePrinter(PrintStream out) {
    this(out, ws -> "");
  }

  /** As {@link #MessagePrinter(PrintStream)}, each message after what {@code prefix} says. */
  MessagePrinter(PrintStream out, Function<WebSocket, String> prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  @Override
  public void onText(WebSocket ws, String text) {
    out.print(prefix.apply(ws) + text + "\n");
    out.flush();
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    out.print(prefix.apply(ws) + Base64.getEncoder().encodeToString(bytes(data)) + "\n");
    out.flush();
  }

  private static byte[] bytes(ByteBuffer data) {
    if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0
        && data.remaining() == data.array().length) {
      return data.array(); // ours to read: the listener owns whole-message buffers
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return copy;
  }
}
