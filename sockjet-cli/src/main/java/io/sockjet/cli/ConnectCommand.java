package io.sockjet.cli;

import io.sockjet.ReconnectPolicy;
import io.sockjet.ReconnectingWebSocket;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sockjet connect URL}: a WebSocket client for the terminal and for pipes. Lines of stdin
 * become messages; received messages go to stdout, one per line. At end of input, once everything
 * typed has been sent, it waits for the server's answers ({@link QuietClose}) and closes with
 * 1000. Status, warnings and failures go to stderr, so stdout carries nothing but messages.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Connects to a WebSocket server: each line of stdin is sent as a message, each message "
            + "received is printed on stdout (text as is, binary as one line of Base64).",
        "At end of input, once everything has been sent, it waits until the server closes or has "
            + "sent nothing for --wait, then closes with 1000.",
        "When the server closes, its close code and reason are printed on stderr."},
    footer = {"", "Examples:",
        "  sockjet connect ws://localhost:8080/",
        "  echo hello | sockjet connect ws://localhost:8080/chat",
        "  sockjet connect -H 'Authorization: Bearer abc' -s chat.v1 wss://example.org/ws",
        "  sockjet connect --insecure wss://localhost:8443/",
        "  printf 'a\\nb\\n' | sockjet connect --binary ws://localhost:8080/ | base64 -d",
        "  echo '{\"op\":\"time\"}' | sockjet connect -1 ws://localhost:8080/api",
        "  sockjet connect --no-close ws://localhost:8080/feed </dev/null",
        "  sockjet connect --echo 'ws://localhost:9001/runCase?case=1&agent=sockjet'",
        "", "Exit status:",
        "  0  closed normally: by us at end of input, or by the server with 1000 or 1001",
        "  1  could not connect (refused, unknown host, timeout, TLS, upgrade refused)",
        "  2  bad arguments",
        "  3  the connection ended otherwise: another close code (even one crossing",
        "     our close), lost, protocol error, -1 without a message within --wait"})
final class ConnectCommand implements Callable<Integer> {
  /** Lines are sent as one message each, so one may be as long as a message may be (64 MiB). */
  private static final int MAX_LINE_BYTES = 64 << 20;
  /**
   * 128 MiB: room for one largest message plus the {@link StdinSender} and {@link EchoBack}
   * backpressure thresholds, which keep the queue far below this; the cap only guards bugs.
   */
  private static final long MAX_QUEUED_BYTES = 128L << 20;
  /** How long Ctrl-C waits for the server's answer to our close frame before the JVM exits. */
  private static final Duration INTERRUPT_CLOSE_WAIT = Duration.ofSeconds(2);

  @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL to connect to.")
  String urlText;

  /** The URL, once {@link #call} has checked it. */
  private URI url;

  @Option(names = "--binary", description = "Sends each line as a binary message (its raw bytes).")
  boolean binary;

  @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "At end of input, how long the server may stay silent before we close: the "
          + "time counts again from each message it sends; 0 closes at once (default: 2s).")
  Duration wait = Duration.ofSeconds(2);

  @Option(names = {"-1", "--one-message"},
      description = "Sends the first line of stdin (none if it is empty), prints the first "
          + "message received, and closes; waits --wait for it.")
  boolean oneMessage;

  @Option(names = "--no-close",
      description = "At end of input, sends no close: prints messages until the server closes "
          + "(or Ctrl-C).")
  boolean noClose;

  @Option(names = "--echo", description = "Sends every received message back unchanged (text as "
      + "text, binary as binary) until the server closes; stdin is not read and nothing is "
      + "printed but the close.")
  boolean echo;

  @Mixin
  ClientOptions client = new ClientOptions();

  @Mixin
  ConnectOptions options = new ConnectOptions();

  @Spec
  CommandSpec spec;

  private final Stdio io;

  /** For picocli: the process's standard streams. */
  ConnectCommand() {
    this(Stdio.system());
  }

  /** On the given streams (tests). */
  ConnectCommand(Stdio io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    try {
      url = WebSocketUrl.parse(urlText);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (wait.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--wait must not be negative");
    }
    WebSocketClient.Builder builder;
    try {
      builder = client.configure(WebSocketClient.builder(), io.err());
      options.configure(builder, client.insecure);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // One loop: a single connection, and the other core stays free for the program at the other
    // end of the pipe. No MBean: nobody watches a one-connection command over JMX, and starting
    // the platform MBean server would more than double its start-up.
    builder.eventLoops(1).maxQueuedBytes(MAX_QUEUED_BYTES).jmx(false);
    ConnectionEvents events = new ConnectionEvents(options.reconnect ? io.err() : null);
    QuietClose quiet = new QuietClose(wait);
    WebSocketListener received = echo ? new EchoBack()
        : new ReceivedMessages(options.jsonl ? new JsonLinesPrinter(io.out())
            : new MessagePrinter(io.out()), quiet, oneMessage ? 1 : Long.MAX_VALUE);
    try (WebSocketClient c = builder.listener(events).build()) {
      return options.reconnect ? reconnecting(c, received, quiet, events)
          : once(c, received, quiet, events);
    }
  }

  /** One connection: the exit status says how it ended. */
  private int once(WebSocketClient c, WebSocketListener received, QuietClose quiet,
      ConnectionEvents events) throws InterruptedException {
    WebSocket ws;
    try {
      ws = c.connect(url, received).get();
    } catch (IllegalArgumentException e) { // a URI the client cannot use
      throw new ParameterException(spec.commandLine(), "URL " + url + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      io.err().println(tlsHint(e.getCause())
          ? "sockjet: the server at " + url.getHost() + ":" + ConnectFailure.port(url)
              + " answered with TLS: try " + TlsProbe.secure(url)
          : ConnectFailure.describe(url, e.getCause(), client.connectTimeout));
      return ExitStatus.CONNECT_FAILED;
    }
    if (io.interactive()) {
      io.err().println("sockjet: connected to " + url
          + (ws.subprotocol() == null ? "" : " (subprotocol " + ws.subprotocol() + ")")
          + (echo ? "; echoing until the server closes" : "; Ctrl-D closes"));
    }
    String inputFailure = converse(Link.of(ws), CompletableFuture.completedFuture(ws), quiet,
        events);
    int status = inputFailure != null ? ExitStatus.FAILED
        : CloseReport.report(ws.closeFuture().join(), events.lastError(), io.interactive(),
            io.err());
    return finalStatus(status, inputFailure, quiet);
  }

  /**
   * {@code --reconnect}: connections one after another until the input ends (or Ctrl-C); each
   * loss and attempt is told as it happens, and the exit status is 0 unless the input failed or
   * the attempts ran out.
   */
  private int reconnecting(WebSocketClient c, WebSocketListener received, QuietClose quiet,
      ConnectionEvents events) throws InterruptedException {
    ReconnectReport report = new ReconnectReport(url, client.connectTimeout, io.err());
    ReconnectingWebSocket r = c.connectWithRetry(url, ReconnectPolicy.defaults(), received,
        report);
    if (io.interactive()) {
      io.err().println("sockjet: connecting to " + url + ", and again whenever it ends; "
          + "Ctrl-D closes");
    }
    String inputFailure = converse(Link.of(r), r.firstConnection(), quiet, events);
    int status = report.gaveUp() ? ExitStatus.CONNECT_FAILED : ExitStatus.OK;
    return finalStatus(status, inputFailure, quiet);
  }

  /**
   * Sends stdin (unless --echo) once {@code ready}, and pings if asked, until {@code link} ends;
   * Ctrl-C closes it meanwhile. Returns why reading stdin failed, or null.
   */
  private String converse(Link link, CompletableFuture<?> ready, QuietClose quiet,
      ConnectionEvents events) {
    Thread hook = new Thread(() -> closeOnInterrupt(link), "sockjet-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    PingTimer pings = options.printPingRtts
        ? new PingTimer(link.sender(), options.pingInterval, io.err()) : null;
    events.pingsFrom(pings);
    StdinSender sender = echo ? null : new StdinSender(link, io.in(), binary, MAX_LINE_BYTES,
        oneMessage ? 1 : Long.MAX_VALUE, atEnd(quiet), io.err());
    if (sender != null) {
      // Lines read before a connection is open would be refused: wait for the first one.
      ready.whenComplete((v, e) -> {
        Thread reading = new Thread(sender, "sockjet-stdin");
        // Daemon: a read blocked on a terminal must not keep the JVM up once the server closed.
        reading.setDaemon(true);
        reading.start();
      });
    }
    try {
      link.ended().join();
    } finally {
      removeHook(hook);
      if (pings != null) {
        pings.close();
      }
    }
    return sender == null ? null : sender.inputFailure().getNow(null);
  }

  /** The status, unless the input failed or -1's message never came, which the lines say. */
  private int finalStatus(int status, String inputFailure, QuietClose quiet) {
    if (inputFailure != null) {
      io.err().println("sockjet: " + inputFailure);
      return ExitStatus.FAILED;
    }
    if (quiet.replyMissed() && status == ExitStatus.OK) {
      io.err().println("sockjet: no message came within " + TimeSpan.format(wait) + " (--wait)");
      return ExitStatus.FAILED;
    }
    return status;
  }

  /** What the stdin thread does once the input has ended and every line is written. */
  private StdinSender.AtEnd atEnd(QuietClose quiet) {
    if (oneMessage) {
      return quiet::closeAfterReply;
    }
    if (noClose) {
      return link -> { }; // the server closes, or Ctrl-C
    }
    return quiet::closeWhenQuiet;
  }

  /**
   * Whether a plain connect failed because the port speaks TLS: only asked when the server took
   * the connection but did not upgrade it (not refused, unknown or silent), and not through a
   * proxy, whose own answers would mislead the probe.
   */
  private boolean tlsHint(Throwable failure) {
    return url.getScheme().equalsIgnoreCase("ws") && client.proxy == null
        && !(failure instanceof java.net.ConnectException
            || failure instanceof java.net.UnknownHostException
            || failure instanceof java.net.SocketTimeoutException)
        && TlsProbe.answersTls(url.getHost(), ConnectFailure.port(url), client.connectTimeout);
  }

  /** Ctrl-C: say goodbye (1001, going away) rather than dropping the connection. */
  private static void closeOnInterrupt(Link link) {
    if (!link.ended().isDone()) {
      link.close(1001, "");
      try {
        link.ended().get(INTERRUPT_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // The JVM exits all the same.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down (Ctrl-C): the hook is running and will finish the close.
    }
  }
}
