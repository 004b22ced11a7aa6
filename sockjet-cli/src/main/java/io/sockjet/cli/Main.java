package io.sockjet.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
public final class Main implements Callable<Integer> {

  /**
   * The library's logger, once {@link #main} has quietened it. Held because java.util.logging keeps
   * loggers only weakly: a level set on one nobody holds would be forgotten.
   */
  private static Logger libraryLog;

  @Spec
  CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Answered without the parser, which alone takes several times the JVM's own start-up.
      System.out.println(new VersionProvider().getVersion()[0]);
      System.exit(0);
    }
    // The server prints its own lines (where it listens, one per connection); the library's INFO
    // records would repeat them in another format. Warnings and errors still show. A client
    // logs nothing below WARNING, so connect is spared starting java.util.logging (a tenth of its
    // start-up).
    if (args.length == 0 || !args[0].equals("connect")) {
      libraryLog = Logger.getLogger("io.sockjet");
      libraryLog.setLevel(Level.WARNING);
    }
    System.exit(execute(args));
  }

  /**
   * Runs {@code args} and returns the exit status. When the first names a subcommand, that
   * command runs alone, named "sockjet NAME": picocli builds a command's model by reflection over
   * all its options, which for {@code serve} and {@code bench} costs more than starting the JVM,
   * so {@code connect} does not pay for them (see BENCHMARKS.md, start-up).
   */
  static int execute(String... args) {
    Object named = args.length == 0 ? null : subcommand(args[0]);
    if (named == null) {
      return commandLine().execute(args);
    }
    CommandLine alone = handlingErrors(new CommandLine(named));
    alone.setCommandName("sockjet " + args[0]);
    return alone.execute(Arrays.copyOfRange(args, 1, args.length));
  }

  /** A new instance of the subcommand called {@code name}, or null if there is none. */
  private static Object subcommand(String name) {
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      if (c.getAnnotation(Command.class).name().equals(name)) {
        try {
          return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return null;
  }

  /** Runs the command line and returns its exit status (for tests). */
  static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with every subcommand, ready to execute. A usage error prints one line, its
   * message and where to find help (not the whole help, which would bury the message), then any
   * suggestions for a mistyped option, and exits 2; a
   * {@link CliFailure} prints as {@code sockjet: message} and exits 1.
   */
  static CommandLine commandLine() {
    return handlingErrors(new CommandLine(new Main()));
  }

  /** {@code cli} with the error handlers {@link #commandLine()} describes. */
  private static CommandLine handlingErrors(CommandLine cli) {
    cli.setParameterExceptionHandler((e, failedArgs) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter err = failed.getErr();
      // picocli's own messages start with "Error: "; ours are prefixed with the command's name.
      // One line: what is wrong, and where the help is.
      err.println("sockjet: " + message(e).replaceFirst("^Error: ", "") + " (see '"
          + failed.getCommandSpec().qualifiedName() + " --help')");
      UnmatchedArgumentException.printSuggestions(e, err);
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

  /**
   * The line for a usage error. An unknown option that takes a value ({@code -w 5 URL}, as wscat
   * is used) makes picocli take its value for the URL and then list the URL as unmatched too;
   * only the unknown options are named, since the rest would only mislead.
   */
  private static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u) {
      List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
      if (!options.isEmpty() && options.size() < u.getUnmatched().size()) {
        return (options.size() == 1 ? "Unknown option: " : "Unknown options: ")
            + options.stream().map(o -> "'" + o + "'").collect(Collectors.joining(", "));
      }
    }
    return e.getMessage();
  }

  /** No command given: the usage, on stderr since it answers a mistake, and status 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitStatus.USAGE;
  }
}
