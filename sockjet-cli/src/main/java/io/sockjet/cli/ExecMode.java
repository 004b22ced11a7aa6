package io.sockjet.cli;

import io.sockjet.CloseEvent;
import io.sockjet.HandshakeHandler;
import io.sockjet.HandshakeRequest;
import io.sockjet.HandshakeResponse;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import io.sockjet.WebSocketServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sockjet serve --exec -- PROGRAM [ARGS...]}: every connection, on any path, runs its own
 * copy of a program ({@link ProgramSession}); its output lines are the messages the client gets,
 * the client's messages are its input lines. Text messages are written as UTF-8, binary ones as
 * they are; each is followed by a newline (but with {@code --binary}). With {@code --dir}, the
 * path names the program instead ({@link ProgramDirectory}), and a path that names none is
 * refused with 404 before the upgrade. Each program's environment describes its request ({@link
 * CgiEnvironment}).
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
  private final ProgramDirectory directory;
  private final boolean secure;
  private final ExecSettings settings;
  private final Set<ProgramSession> sessions = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@code command} per connection, or with {@code directory} (then {@code command} is
   * empty) the program the path names; {@code secure} when the server serves TLS.
   */
  ExecMode(List<String> command, ProgramDirectory directory, boolean secure,
      ExecSettings settings) {
    this.command = List.copyOf(command);
    this.directory = directory;
    this.secure = secure;
    this.settings = settings;
  }

  /** What each connection runs, for the listening line. */
  String describe() {
    return directory == null ? String.join(" ", command)
        : "the program its path names in " + directory.dir();
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public WebSocketListener listener() {
    return this;
  }

  /** With --dir: a path that names no program is refused before the upgrade, as websocketd does. */
  @Override
  public void configure(WebSocketServer.Builder builder) {
    if (directory != null) {
      builder.handshake(HandshakeHandler.sync(request -> {
        ProgramDirectory.Found found = directory.find(request.path());
        return found == null ? HandshakeResponse.reject(404, "no program at this path\n")
            : HandshakeResponse.accept().withAttachment(found);
      }));
    }
  }

  @Override
  public void onOpen(WebSocket ws) {
    HandshakeRequest request = ws.request();
    List<String> run = command;
    String scriptName = "/"; // websocketd's values for a single program
    String pathInfo = UrlPath.decode(request.path());
    if (directory != null) {
      ProgramDirectory.Found found = ws.attachment();
      run = List.of(found.program().toString());
      scriptName = found.scriptName();
      pathInfo = found.pathInfo();
    }
    ProgramSession session = new ProgramSession(ws, run,
        CgiEnvironment.of(request, scriptName, pathInfo, secure), settings);
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
      s.awaitExit(settings.grace().plusSeconds(1));
    }
  }
}
