package io.sockjet.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * How a command run ended: its exit status and everything it wrote. Runs commands in-process (on
 * byte arrays) or as a real {@code java} process (through pipes), for the tests.
 *
 * @param exit the exit status
 * @param out standard output, decoded as UTF-8
 * @param err standard error, decoded as UTF-8
 */
record CliRun(int exit, String out, String err) {

  /** Runs the command {@code make} builds, in-process, with {@code stdin} as its input. */
  static CliRun inProcess(Function<Stdio, Object> make, InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Stdio io = new Stdio(stdin, new PrintStream(out, true, StandardCharsets.UTF_8), errStream,
        false);
    CommandLine cli = new CommandLine(make.apply(io));
    cli.setErr(new java.io.PrintWriter(errStream, true)); // usage errors land in err too
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** As {@link #inProcess(Function, InputStream, String...)}, with {@code stdin} as UTF-8 text. */
  static CliRun inProcess(Function<Stdio, Object> make, String stdin, String... args) {
    return inProcess(make, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  /**
   * Runs {@code sockjet args} as a separate JVM on this test's class path, writes {@code stdin}
   * and closes it, and waits at most {@code seconds} for it to exit (then kills it and fails).
   */
  static CliRun process(byte[] stdin, long seconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    File outFile = File.createTempFile("sockjet-out", ".txt");
    File errFile = File.createTempFile("sockjet-err", ".txt");
    try {
      // Files, not pipes we read: the child can never block on a full pipe while we wait.
      Process p = new ProcessBuilder(command).redirectOutput(outFile).redirectError(errFile)
          .start();
      try {
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
      } catch (java.io.IOException e) {
        // The child exited without reading its input (a failed connect): its status says why.
      }
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("sockjet " + String.join(" ", args) + " did not exit within "
            + seconds + " s; stderr: " + Files.readString(errFile.toPath()));
      }
      return new CliRun(p.exitValue(), Files.readString(outFile.toPath(), StandardCharsets.UTF_8),
          Files.readString(errFile.toPath(), StandardCharsets.UTF_8));
    } finally {
      outFile.delete();
      errFile.delete();
    }
  }
}
