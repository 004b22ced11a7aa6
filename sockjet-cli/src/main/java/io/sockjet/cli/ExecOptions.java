package io.sockjet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code serve --exec} that websocketd users look for: raw bytes, a folder of
 * programs, static files beside them. Filled by picocli, then read once by {@link #mode} on the
 * command's thread.
 */
final class ExecOptions {
  @Option(names = "--binary",
      description = "With --exec: raw bytes both ways, as websocketd --binary: what the program "
          + "writes goes out as binary messages as it comes, and each message is written to it "
          + "as it is, with no newline.")
  boolean binary;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Runs the program the URL path names in DIR, as websocketd --dir (implies "
          + "--exec): /count.sh runs DIR/count.sh, /tools/a.py/x runs DIR/tools/a.py with "
          + "PATH_INFO=/x; other paths get 404. '..' and hidden names are refused.")
  Path dir;

  @Option(names = "--static", paramLabel = "DIR",
      description = "Serves the files in DIR over plain HTTP (GET) beside the WebSocket, as "
          + "websocketd --staticdir; / serves index.html. Not with the chat, which has its page.")
  Path staticDir;

  /** Whether these options ask for the exec mode without --exec. */
  boolean impliesExec() {
    return dir != null;
  }

  /** Outside the exec mode: --binary and --dir would do nothing, so they are usage errors. */
  void requireNoExecOption(CommandLine cli) {
    if (binary || dir != null) {
      throw new ParameterException(cli, (binary ? "--binary" : "--dir")
          + " is for --exec, not the other modes");
    }
  }

  /**
   * The exec mode for {@code program} (empty with {@code --dir}); a bad combination is a usage
   * error of {@code cli}, a missing program or folder a {@link CliFailure}.
   */
  ExecMode mode(List<String> program, LimitOptions limits, boolean secure, boolean quiet,
      PrintWriter err, CommandLine cli) {
    ProgramDirectory directory = null;
    if (dir != null) {
      if (!program.isEmpty()) {
        throw new ParameterException(cli, "give a program or --dir, not both");
      }
      directory = new ProgramDirectory(dir);
    } else if (program.isEmpty()) {
      throw new ParameterException(cli,
          "--exec needs a program: sockjet serve --exec -- PROGRAM [ARGS...] (or --dir DIR)");
    } else {
      Programs.resolve(program.get(0), System.getenv("PATH"));
    }
    // Worst case a line of invalid UTF-8 triples as U+FFFD: a third stays under the limit.
    int maxLine = (int) Math.max(4, Math.min(limits.maxOutgoing / 3, Integer.MAX_VALUE - 8));
    return new ExecMode(program, directory, secure, new ExecSettings(maxLine, limits.lowWater,
        limits.closeTimeout, binary, quiet ? null : err, err));
  }

  /** The static files handler, or null without {@code --static}. */
  StaticFiles staticFiles() {
    return staticDir == null ? null : new StaticFiles(staticDir);
  }
}
