package io.sockjet.cli;

import io.sockjet.Cluster;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.WebSocketServer;
import io.sockjet.redis.RedisBroker;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sockjet serve}: a WebSocket server in one of four modes ({@link ChatMode}, {@link
 * EchoMode}, {@link ExecMode}, {@link PubSubMode}), with every library limit as an option, TLS
 * from PEM files, and a log line per connection. The first line on standard output says where it listens, in a form
 * scripts may parse: {@code sockjet: MODE server listening on ws://HOST:PORT/PATH}. Ctrl-C
 * (SIGINT) or SIGTERM shuts it down gracefully: 1001 to every client, then exit.
 *
 * <p>Threading: {@link #call} runs on the command's thread and blocks until the JVM shuts down
 * (or a test counts down {@link #stop}); connections are served on the server's event loops; the
 * JVM runs the shutdown hook on its own thread.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpWidth = 100,
    description = {"Runs a WebSocket server: chat rooms with their own web page (the default), an "
        + "echo server, a program per connection, or publish/subscribe. Ctrl-C stops it "
        + "gracefully (1001 to every client)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  sockjet serve                              chat; open http://localhost:8080 in a browser",
        "  sockjet serve --echo --port 9000           echo on ws://localhost:9000/",
        "  sockjet serve --exec -- cat -n             numbers every line a client sends",
        "  sockjet serve --stdio                      type to every client, see what they send",
        "  sockjet serve --exec -- sh -c 'while read l; do echo \"$l$l\"; done'",
        "  sockjet serve --pubsub --slow-subscribers skip:1M",
        "                                             topics on ws://localhost:8080/",
        "  sockjet serve --tls-cert cert.pem --tls-key key.pem --port 8443",
        "                                             the chat over https:// and wss://",
        "  sockjet serve --echo --origin https://example.org --max-message 1M --idle-timeout 5m",
        "",
        "--exec runs its program once per connection, with the arguments given after --, without a",
        "shell. Each line of its standard output is sent as a text message (lines longer than a",
        "third of --max-outgoing in pieces); each message received is written to its standard",
        "input followed by a newline; its standard error goes to the server's, prefixed with",
        "NAME[PID]. When the program exits the connection closes (1000 if its status is 0, else",
        "1011); when the connection closes the program gets SIGTERM, and SIGKILL after",
        "--close-timeout. Its environment holds websocketd's CGI variables for the request",
        "(PATH_INFO, QUERY_STRING, REMOTE_ADDR, REMOTE_PORT, SERVER_NAME, SERVER_PORT, HTTP_* per",
        "header, ...); --dir, --static and --binary work as websocketd's --dir, --staticdir, --binary.",
        "",
        "The chat page is at / and its WebSocket at /chat?room=ROOM&name=NAME (room: 1 to 64",
        "letters, digits, '-', '_' or '.'; default lobby; a bad one gets 400): clients send plain",
        "text, the server sends JSON events (welcome, presence, message, error) to the members of",
        "the room; joins and leaves are told in one presence event per 200 ms at most. Names are",
        "cut to 32 characters and made unique in their room; messages over 2000 characters are",
        "refused. GET /rooms lists the rooms with people in them.",
        "",
        "--pubsub speaks a text protocol on any path. A client sends: sub TOPIC, unsub TOPIC,",
        "pub TOPIC PAYLOAD (PAYLOAD: the rest of the message). The server sends: msg TOPIC",
        "PAYLOAD for each publish to a topic the client subscribed to (not to the publisher);",
        "ok sub TOPIC, ok unsub TOPIC; err REASON for a bad command or a binary message;",
        "missed TOPIC COUNT when a slow client was skipped. A successful pub has no reply."})
final class ServeCommand implements Callable<Integer> {
  /** Time for every client's closing handshake at shutdown; the library's close timeout is 5 s. */
  static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(5);

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nMode (one of; default --chat):%n")
  Modes modes;

  /** The mode flags; picocli allows at most one. */
  static final class Modes {
    @Option(names = "--chat",
        description = "Chat rooms: a web page at /, the WebSocket at /chat?room=ROOM&name=NAME.")
    boolean chat;

    @Option(names = "--echo", description = "Send every message back to its sender.")
    boolean echo;

    @Option(names = "--exec", description = "Run a program per connection: --exec -- PROGRAM ARGS...")
    boolean exec;

    @Option(names = "--pubsub",
        description = "Publish/subscribe: sub, unsub and pub TOPIC commands, on any path.")
    boolean pubsub;

    @Option(names = "--stdio", description = "Lines typed go to every client; what clients send "
        + "is printed with their address. End of input stops the server.")
    boolean stdio;
  }

  @Parameters(paramLabel = "PROGRAM", arity = "0..*",
      description = "With --exec: the program and its arguments (after --).")
  List<String> program = new ArrayList<>();

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0",
      description = "Interface to listen on: 0.0.0.0 for all, 127.0.0.1 for this machine only, "
          + ":: for all IPv6 (default: ${DEFAULT-VALUE}).")
  String host = "0.0.0.0";

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(names = "--origin", paramLabel = "ORIGIN",
      description = "Accept only browsers from this origin, e.g. https://example.org "
          + "(repeatable; default: any origin). Others get 403.")
  List<String> origins = new ArrayList<>();

  @Option(names = "--subprotocol", paramLabel = "NAME",
      description = "A subprotocol the server speaks, most preferred first (repeatable); the "
          + "first one a client offers is chosen.")
  List<String> subprotocols = new ArrayList<>();

  @Option(names = "--chat-rate", paramLabel = "N", defaultValue = "5",
      description = "With --chat: messages a member may send a second (bursts of twice as many); "
          + "faster ones are refused with an error event, and a member that keeps on is closed "
          + "with 1008. 0 for no limit (default: ${DEFAULT-VALUE}).")
  int chatRate = MessageRate.DEFAULT_PER_SECOND;

  @Option(names = "--slow-subscribers", paramLabel = "POLICY", converter = SlowSubscribers.class,
      description = "With --pubsub and --chat: what a topic does with a subscriber that has more "
          + "than SIZE waiting. skip:SIZE skips it for that message and tells it later how many "
          + "it missed ('missed TOPIC COUNT' with --pubsub, an error event in the chat); "
          + "close:SIZE[:CODE] closes it with CODE, 1008 or 1013 (default 1013). Default: "
          + "skip:256k with --pubsub; with --chat, --max-queued and --on-overflow decide (close "
          + "with 1008, or skip).")
  SlowSubscriberPolicy slowSubscribers;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Span the chat's rooms and the pubsub mode's topics over every server started "
          + "with the same Redis (redis://HOST:PORT): a message published on one reaches the "
          + "subscribers on all. Chat presence stays per server.")
  String redis;

  @Option(names = {"-q", "--quiet"},
      description = "No log line per connection (errors are still printed).")
  boolean quiet;

  @ArgGroup(exclusive = false, heading = "%nCompression:%n")
  CompressOptions compress = new CompressOptions();

  @Option(names = "--compress-budget", paramLabel = "SIZE",
      description = "With --compress: cap on the memory of per-connection compressors (e.g. "
          + "512M); past it, new connections are served uncompressed. Default: no cap.")
  String compressBudget;

  @ArgGroup(exclusive = false, heading = "%nTLS (serves wss:// and https://):%n")
  TlsFiles tls;

  @ArgGroup(validate = false, heading = "%nWith --exec (as websocketd):%n")
  ExecOptions exec = new ExecOptions();

  @ArgGroup(validate = false,
      heading = "%nLimits (sizes in bytes or with k, M, G: 64k, 16M; durations: 500ms, 10s, 2m):%n")
  LimitOptions limits = new LimitOptions();

  /** Counted down by tests to stop the server without a signal. */
  final CountDownLatch stop = new CountDownLatch(1);
  /** The running server, once it listens (read by tests). */
  volatile WebSocketServer server;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    ServeMode mode = mode(err);
    WebSocketServer.Builder builder = WebSocketServer.builder().host(host).port(port);
    limits.apply(builder, spec.commandLine());
    int maxConnections = limits.maxConnections;
    if (mode instanceof ExecMode
        && !spec.commandLine().getParseResult().hasMatchedOption("--max-connections")) {
      maxConnections = ExecMode.DEFAULT_MAX_CONNECTIONS;
      builder.maxConnections(maxConnections);
    }
    if (!origins.isEmpty()) {
      builder.allowedOrigins(origins.toArray(String[]::new));
    }
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(subprotocols.toArray(String[]::new));
    }
    if (tls != null) {
      builder.tls(tls.tls());
    }
    if (compress != null) {
      builder.compression(compress.compression(compressBudget));
    }
    if (redis != null) {
      builder.cluster(Cluster.over(RedisBroker.connect(redis)));
    }
    builder.slowSubscribers(
        slowSubscribers != null ? slowSubscribers : mode.slowSubscribers(limits));
    builder.listener(quiet ? mode.listener() : new ConnectionLog(mode.listener(), err));
    mode.configure(builder);
    StaticFiles files = exec.staticFiles();
    if (files != null) {
      if (mode instanceof ChatMode) {
        throw new ParameterException(spec.commandLine(), "--static: the chat serves its own page");
      }
      builder.httpHandler(files);
    }

    WebSocketServer s;
    try {
      s = builder.start();
    } catch (UncheckedIOException e) {
      throw new CliFailure("cannot listen on " + host + ":" + port + ": "
          + e.getCause().getMessage(), e);
    } catch (UnresolvedAddressException e) {
      throw new CliFailure("cannot listen on " + host + ": no such host", e);
    }
    server = s;
    mode.started(s);
    Thread hook = new Thread(() -> {
      err.println("sockjet: shutting down");
      stopServer(s, mode);
    }, "sockjet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    String scheme = tls != null ? "wss" : "ws";
    String where = urlHost(host) + ":" + s.port();
    out.println("sockjet: " + mode.name() + " server listening on " + scheme + "://" + where
        + mode.path());
    if (mode instanceof ChatMode) {
      out.println("sockjet: open " + (tls != null ? "https" : "http") + "://"
          + browserHost(host) + ":" + s.port() + "/ in a browser");
    } else if (mode instanceof ExecMode) {
      out.println("sockjet: each connection runs " + ((ExecMode) mode).describe()
          + (maxConnections > 0 ? " (at most " + maxConnections + " at once)" : ""));
    }
    out.flush();

    // A server that fails as a whole (an event loop broke) must not live on without its
    // listener: the process exits non-zero so that a supervisor restarts it.
    s.failure().thenRun(stop::countDown);
    mode.finished().thenRun(stop::countDown);
    stop.await();
    Runtime.getRuntime().removeShutdownHook(hook);
    Throwable failure = s.failure().getNow(null);
    if (failure != null) {
      err.println("sockjet: server failed: " + failure);
      err.flush();
      mode.stopped();
      return ExitStatus.FAILED;
    }
    stopServer(s, mode);
    return 0;
  }

  private ServeMode mode(PrintWriter err) {
    boolean exec = modes == null ? this.exec.impliesExec() : modes.exec;
    if (!exec && !program.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unexpected argument '" + program.get(0)
          + "' (a program is given only with --exec)");
    }
    if (exec) {
      return this.exec.mode(program, limits, tls != null, quiet, err, spec.commandLine());
    }
    this.exec.requireNoExecOption(spec.commandLine());
    if (modes != null && modes.echo) {
      return new EchoMode();
    }
    if (modes != null && modes.pubsub) {
      return new PubSubMode();
    }
    if (modes != null && modes.stdio) {
      return new StdioMode(Stdio.system());
    }
    if (chatRate < 0) {
      throw new ParameterException(spec.commandLine(), "--chat-rate must be 0 (no limit) or more");
    }
    return new ChatMode(chatRate);
  }

  private static void stopServer(WebSocketServer s, ServeMode mode) {
    s.shutdown(SHUTDOWN_DEADLINE).join();
    mode.stopped();
  }

  /** The host as it goes in a URL: IPv6 literals in brackets. */
  static String urlHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** A host a browser on this machine can open: "any interface" is reached as localhost. */
  static String browserHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "localhost"
        : urlHost(host);
  }
}
