package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code connect --jsonl}: prints every received message as one JSON object on a line of its own
 * (JSON Lines), for scripts: {@code {"type":"text","size":5,"time":"2026-01-02T03:04:05.678Z",
 * "text":"hello"}}, or for a binary message {@code "type":"binary"} and {@code "base64"} instead of
 * {@code "text"}. The size is the message's length in bytes (UTF-8 for text), the time when it
 * was received. Runs on the connection's event loop, as {@link MessagePrinter} does.
 */
final class JsonLinesPrinter implements WebSocketListener {
  private final PrintStream out;

  /** Prints to {@code out}, flushing after each line. */
  JsonLinesPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onText(WebSocket ws, String text) {
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    print(head("text", size).append(",\"text\":"), text);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    print(head("binary", bytes.length).append(",\"base64\":"),
        Base64.getEncoder().encodeToString(bytes));
  }

  private static StringBuilder head(String type, int size) {
    return new StringBuilder(64).append("{\"type\":\"").append(type).append("\",\"size\":")
        .append(size).append(",\"time\":\"").append(Instant.now()).append('"');
  }

  private void print(StringBuilder line, String value) {
    out.print(ChatEvents.quote(line, value).append("}\n"));
    out.flush();
  }
}
