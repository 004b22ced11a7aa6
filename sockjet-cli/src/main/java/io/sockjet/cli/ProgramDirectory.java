package io.sockjet.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code serve --exec --dir DIR}: which program in a folder a URL path names, as websocketd's
 * {@code --dir} finds it. The path's segments are walked from the folder down: folders are
 * entered, the first executable file is the program, and the segments after it are its {@code
 * PATH_INFO} ({@code /tools/count.sh/fast} runs {@code DIR/tools/count.sh} with {@code
 * PATH_INFO=/fast}). Immutable; asked on the event loops during each handshake.
 *
 * <p>Only names inside the folder can be reached ({@link UrlPath}: no {@code ..}, {@code .} or
 * hidden name, after percent-decoding). Symbolic links inside the folder are followed: whoever
 * can put one there chose its target.
 */
final class ProgramDirectory {
  private final Path dir;

  /** Programs in {@code dir}; a {@link CliFailure} if it is not a readable folder. */
  ProgramDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliFailure("--dir: " + dir + " is not a folder");
    }
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** The folder, for the listening line. */
  Path dir() {
    return dir;
  }

  /**
   * The program for the raw request path {@code rawPath}, or null when it names none (the
   * handshake is then refused with 404).
   */
  Found find(String rawPath) {
    String[] segments = UrlPath.segments(rawPath);
    if (segments == null) {
      return null;
    }
    Path at = dir;
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      at = at.resolve(segments[i]);
      script.append('/').append(segments[i]);
      if (Files.isDirectory(at)) {
        continue;
      }
      if (!Files.isRegularFile(at) || !Files.isExecutable(at)) {
        return null;
      }
      StringBuilder info = new StringBuilder();
      for (int j = i + 1; j < segments.length; j++) {
        info.append('/').append(segments[j]);
      }
      return new Found(at, script.toString(), info.toString());
    }
    return null; // a folder, not a program
  }

  /**
   * A program found for a path.
   *
   * @param program the executable file
   * @param scriptName the part of the URL path that named it, for SCRIPT_NAME
   * @param pathInfo the rest of the path, for PATH_INFO ("" if none)
   */
  record Found(Path program, String scriptName, String pathInfo) {}
}
