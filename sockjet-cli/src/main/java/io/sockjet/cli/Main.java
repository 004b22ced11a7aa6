package io.sockjet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sockjet} command: {@code sockjet serve} runs a WebSocket server.
 *
 * <pre>
 * sockjet serve --echo --port 8080
 * </pre>
 */
@Command(name = "sockjet", mixinStandardHelpOptions = true, version = "sockjet 0.1.0",
    description = "A WebSocket server and client.", subcommands = {ServeCommand.class, ConnectCommand.class, BenchCommand.class})
public final class Main implements Runnable {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
