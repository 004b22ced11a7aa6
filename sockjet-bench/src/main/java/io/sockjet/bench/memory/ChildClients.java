package io.sockjet.bench.memory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client program ({@link IdleClients}, {@link CompressedClients}) run in a child JVM, so that
 * its objects stay out of the heap being measured: started on this JVM's class path, talked to
 * through its standard input and output. Used by one thread.
 */
final class ChildClients implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;

  private ChildClients(Process process) {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
  }

  /** Starts {@code main} with {@code args} in a JVM of 512 MiB heap. */
  static ChildClients start(Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ChildClients(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /**
   * Waits for a line starting with {@code word}, echoing the lines before it (progress, errors);
   * throws if the child ends first.
   */
  void expect(String word) throws IOException {
    String line;
    while ((line = out.readLine()) != null && !line.startsWith(word)) {
      System.out.println("clients: " + line);
    }
    if (line == null) {
      throw new IllegalStateException("client process ended before " + word);
    }
  }

  /** Sends the child a line of input. */
  void tell(String line) {
    in.println(line);
  }

  /** Closes the child's input, which tells it to close its connections and exit; waits for it. */
  @Override
  public void close() throws InterruptedException {
    in.close();
    process.waitFor();
  }
}
