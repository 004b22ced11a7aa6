package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Wraps a mode's listener with one log line per connection open and close:
 *
 * <pre>
 * open  127.0.0.1:50412 /chat?name=ada subprotocol=chat
 * close 127.0.0.1:50412 /chat?name=ada code=1000 reason="bye" duration=3.2s in=4 out=9
 * </pre>
 *
 * Peer-chosen text (path, reason) has control characters replaced so it cannot forge log lines.
 * Callbacks of one connection never run concurrently (the library's contract); lines of different
 * connections are whole lines, since {@link PrintWriter#println(String)} holds the writer's lock.
 */
final class ConnectionLog implements WebSocketListener {
  private final WebSocketListener delegate;
  private final PrintWriter log;

  /** Logs to {@code log} around {@code delegate}. */
  ConnectionLog(WebSocketListener delegate, PrintWriter log) {
    this.delegate = delegate;
    this.log = log;
  }

  @Override
  public void onOpen(WebSocket ws) {
    ws.setAttribute(ConnectionStats.ATTRIBUTE, new ConnectionStats());
    log.println("open  " + address(ws.remoteAddress()) + " " + clean(ws.request().uri())
        + (ws.subprotocol() == null ? "" : " subprotocol=" + clean(ws.subprotocol()))
        + (ws.extensions().isEmpty() ? "" : " extensions=\"" + clean(ws.extensions()) + "\""));
    delegate.onOpen(ws);
  }

  @Override
  public void onText(WebSocket ws, String text) {
    count(ws);
    delegate.onText(ws, text);
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    count(ws);
    delegate.onBinary(ws, data);
  }

  @Override
  public void onPing(WebSocket ws, ByteBuffer payload) {
    delegate.onPing(ws, payload);
  }

  @Override
  public void onPong(WebSocket ws, ByteBuffer payload) {
    delegate.onPong(ws, payload);
  }

  @Override
  public void onDrain(WebSocket ws) {
    delegate.onDrain(ws);
  }

  @Override
  public void onMissed(WebSocket ws, String topic, long count) {
    delegate.onMissed(ws, topic, count);
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    delegate.onError(ws, error);
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    delegate.onClose(ws, event);
    ConnectionStats stats = ws.attribute(ConnectionStats.ATTRIBUTE);
    StringBuilder line = new StringBuilder("close ").append(address(ws.remoteAddress()))
        .append(' ').append(clean(ws.request().uri())).append(" code=").append(event.code());
    if (!event.reason().isEmpty()) {
      line.append(" reason=\"").append(clean(event.reason()).replace("\"", "\\\"")).append('"');
    }
    if (!event.clean()) {
      line.append(" unclean");
    }
    if (stats != null) {
      line.append(" duration=")
          .append(TimeSpan.format(Duration.ofNanos(System.nanoTime() - stats.openedNanos)))
          .append(" in=").append(stats.in.sum()).append(" out=").append(stats.out.sum());
    }
    log.println(line);
  }

  private static void count(WebSocket ws) {
    ConnectionStats stats = ws.attribute(ConnectionStats.ATTRIBUTE);
    if (stats != null) {
      stats.in.increment();
    }
  }

  /** host:port, with IPv6 literals in brackets as in a URL. */
  static String address(InetSocketAddress a) {
    if (a == null) {
      return "-";
    }
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** {@code s} with control characters (newlines, escapes) shown as '?'. */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }
}
