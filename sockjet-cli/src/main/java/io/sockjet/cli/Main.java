package io.sockjet.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.Command;

/**
 * The {@code sockjet} command: {@code sockjet serve} runs a WebSocket server, {@code sockjet
 * connect} is an interactive or piped client, {@code sockjet bench} a load generator.
 *
 * <pre>
 * sockjet serve                     # the chat: open http://localhost:8080
 * sockjet serve --echo --port 9000
 * sockjet serve --exec -- cat -n
 * </pre>
 */
@Command(name = "sockjet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A WebSocket server and client.",
    subcommands = {ServeCommand.class, ConnectCommand.class, BenchCommand.class},
    footer = {"", "Examples:", "  sockjet serve            a chat room: open http://localhost:8080",
        "  sockjet connect ws://localhost:8080/chat?name=ada",
        "  sockjet bench ws://localhost:9000/ -c 100 --size 32",
        "  sockjet serve --help     the server's options"})
public final class Main implements Runnable {

  /**
   * The library's logger. Held here because java.util.logging keeps loggers only weakly: a level
   * set on one nobody holds would be forgotten.
   */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.sockjet");

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // The command prints its own lines (where it listens, one per connection); the library's
    // INFO records would repeat them in another format. Warnings and errors still show.
    LIBRARY_LOG.setLevel(Level.WARNING);
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line, ready to execute. A usage error prints its message and where to find help
   * (not the whole help, which would bury the message) and exits 2; a {@link CliFailure} prints
   * as {@code sockjet: message} and exits 1.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter err = failed.getErr();
      // picocli's own messages start with "Error: "; ours are prefixed with the command's name.
      err.println("sockjet: " + e.getMessage().replaceFirst("^Error: ", ""));
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more.");
      err.flush();
      return failed.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliFailure) {
        commandLine.getErr().println("sockjet: " + e.getMessage());
        commandLine.getErr().flush();
        return 1;
      }
      throw e;
    });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
