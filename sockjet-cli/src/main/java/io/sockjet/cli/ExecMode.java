package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sockjet serve --exec -- PROGRAM [ARGS...]}: every connection, on any path, runs its own
 * copy of a program ({@link ProgramSession}); its output lines are the messages the client gets,
 * the client's messages are its input lines. Text messages are written as UTF-8, binary ones as
 * they are; each is followed by a newline.
 *
 * <p>Callbacks run on the connections' event loops and never block: the session's own threads
 * do the blocking I/O. The set of sessions is concurrent, for shutdown.
 */
final class ExecMode implements ServeMode, WebSocketListener {
  /**
   * The connection limit when none is given: every connection is a process and three threads,
   * so without a limit one client opening connections in a loop exhausts the machine's processes
   * (a fork bomb by proxy). 256 programs at once is plenty for a tool's use, and a deliberate
   * --max-connections raises it.
   */
  static final int DEFAULT_MAX_CONNECTIONS = 256;

  private static final String SESSION = "sockjet.cli.exec";

  private final List<String> command;
  private final int maxLine;
  private final long flushMark;
  private final Duration grace;
  private final PrintWriter log;
  private final PrintWriter err;
  private final Set<ProgramSession> sessions = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@code command} per connection. Output lines longer than {@code maxLine} bytes are sent
   * in pieces; the reader waits for the socket once more than {@code flushMark} bytes are queued;
   * a program gets {@code grace} to exit after SIGTERM. {@code log} is null when quiet.
   */
  ExecMode(List<String> command, int maxLine, long flushMark, Duration grace, PrintWriter log,
      PrintWriter err) {
    this.command = List.copyOf(command);
    this.maxLine = maxLine;
    this.flushMark = flushMark;
    this.grace = grace;
    this.log = log;
    this.err = err;
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public WebSocketListener listener() {
    return this;
  }

  @Override
  public void onOpen(WebSocket ws) {
    ProgramSession session = new ProgramSession(ws, command, maxLine, flushMark, grace, log, err);
    ws.setAttribute(SESSION, session);
    sessions.add(session);
    session.exited().whenComplete((v, e) -> sessions.remove(session));
    session.start();
  }

  @Override
  public void onText(WebSocket ws, String text) {
    ProgramSession session = ws.attribute(SESSION);
    session.send(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    ProgramSession session = ws.attribute(SESSION);
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    session.send(bytes);
  }

  @Override
  public void onClose(WebSocket ws, CloseEvent event) {
    ProgramSession session = ws.attribute(SESSION);
    session.end();
  }

  /** Ends every program still running and waits, a little past the grace period, for them. */
  @Override
  public void stopped() {
    for (ProgramSession s : sessions) {
      s.end();
    }
    for (ProgramSession s : sessions) {
      s.awaitExit(grace.plusSeconds(1));
    }
  }
}
