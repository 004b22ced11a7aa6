package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code sockjet serve} run in this JVM on 127.0.0.1 and a free port, its standard output and
 * error captured. Runs on its own thread, not the common pool: the command blocks until stopped,
 * and on a 2-core machine the common pool has one worker, which the JDK's HTTP client needs too.
 */
final class ServeRunner implements AutoCloseable {
  final ServeCommand command;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private ServeRunner(String... args) throws InterruptedException {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    command = cli.getSubcommands().get("serve").getCommand();
    List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
    if (!List.of(args).contains("--host")) {
      all.addAll(List.of("--host", "127.0.0.1"));
    }
    all.addAll(List.of(args));
    Thread serving = new Thread(() -> {
      try {
        exit.complete(cli.execute(all.toArray(String[]::new)));
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    }, "serve");
    serving.setDaemon(true);
    serving.start();
    for (int i = 0; i < 400 && command.server == null && !exit.isDone(); i++) {
      Thread.sleep(25);
    }
    assertThat(command.server).as("server started; err: %s", err).isNotNull();
  }

  /** Starts {@code sockjet serve ARGS} and waits until it listens. */
  static ServeRunner start(String... args) throws InterruptedException {
    return new ServeRunner(args);
  }

  WebSocketServer server() {
    return command.server;
  }

  int port() {
    return command.server.port();
  }

  URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Waits up to 10 s for standard error to contain {@code text}. */
  String awaitErr(String text) throws InterruptedException {
    for (int i = 0; i < 400 && !err().contains(text); i++) {
      Thread.sleep(25);
    }
    assertThat(err()).contains(text);
    return err();
  }

  /** Stops the server as Ctrl-C would, and returns the exit status. */
  int stop() throws Exception {
    command.stop.countDown();
    return exit.get(20, TimeUnit.SECONDS);
  }

  /** Waits up to 20 s for the command to end by itself, and returns its exit status. */
  int exitStatus() throws Exception {
    return exit.get(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      stop();
    }
  }

  /** Runs the command line to completion (for commands that do not serve) with captured output. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  /** How a command line run ended. */
  record Result(int status, String out, String err) {}
}
