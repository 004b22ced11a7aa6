package io.sockjet.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the program {@code --exec} names before the server starts, the way a shell would (a name
 * with a slash is a path, any other is looked up on PATH), so a typo fails at once with a clear
 * message instead of on every connection. Stateless.
 */
final class Programs {
  private Programs() {}

  /** The executable file {@code program} names; a {@link CliFailure} if there is none. */
  static Path resolve(String program, String pathVariable) {
    if (program.isEmpty()) {
      throw new CliFailure("--exec needs a program");
    }
    if (program.indexOf('/') >= 0 || program.indexOf(File.separatorChar) >= 0) {
      Path p = Path.of(program);
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        throw new CliFailure("--exec: " + program + " is not an executable file");
      }
      return p;
    }
    if (pathVariable != null) {
      for (String dir : pathVariable.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new CliFailure("--exec: " + program + " not found on PATH");
  }
}
