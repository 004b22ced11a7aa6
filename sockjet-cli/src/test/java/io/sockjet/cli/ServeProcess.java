package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sockjet serve} as a real process ({@code java -cp} of this module's test class path) on
 * 127.0.0.1 and a free port, with its standard error collected. Thread-safe: {@link #err()} may
 * be read while the process writes. {@link #close()} ends the process (by its own handle only).
 */
final class ServeProcess implements AutoCloseable {
  /** The listening line other scripts parse; kept stable. */
  static final Pattern LISTENING =
      Pattern.compile("sockjet: (\\w+) server listening on (wss?)://([^ ]+):(\\d+)(/\\S*)");

  final Process process;
  final int port;
  private final StringBuilder err;
  private final Thread errDrain;

  private ServeProcess(Process process, int port, StringBuilder err, Thread errDrain) {
    this.process = process;
    this.port = port;
    this.err = err;
    this.errDrain = errDrain;
  }

  /** Starts {@code sockjet serve ARGS} with no extra JVM options. */
  static ServeProcess start(String... args) throws Exception {
    return start(List.of(), null, args);
  }

  /**
   * Starts {@code java JVM_OPTIONS ... serve --host 127.0.0.1 --port 0 ARGS}, under {@code ulimit
   * -n maxFiles} when that is not null, and waits (up to 60 s) for its listening line.
   */
  static ServeProcess start(List<String> jvmOptions, Integer maxFiles, String... args)
      throws Exception {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(jvmOptions);
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--host", "127.0.0.1", "--port", "0"));
    java.addAll(List.of(args));
    List<String> command = java;
    if (maxFiles != null) {
      // exec: the shell becomes the JVM, so the process's PID is the server's.
      command = List.of("bash", "-c", "ulimit -n " + maxFiles + " && exec \"$@\"", "serve");
      command = new ArrayList<>(command);
      command.addAll(java);
    }
    Process p = new ProcessBuilder(command).start();
    StringBuilder err = new StringBuilder();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = p.errorReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (err) {
            err.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "serve-stderr");
    drain.setDaemon(true);
    drain.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, r -> new Thread(r, "serve-stdout").start());
    String line;
    try {
      line = first.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    ServeProcess served = new ServeProcess(p, -1, err, drain);
    if (line == null) {
      p.destroyForcibly();
    }
    assertThat(line).as("listening line; stderr: %s", served.err()).isNotNull();
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).as("parseable: %s", line).isTrue();
    return new ServeProcess(p, Integer.parseInt(m.group(4)), err, drain);
  }

  /** What the process wrote to standard error so far. */
  String err() {
    synchronized (err) {
      return err.toString();
    }
  }

  /**
   * Sends SIGTERM (through the handle: Process.destroy() would also close our ends of its pipes,
   * losing what it writes while it shuts down) and waits for the exit and its last stderr line.
   */
  void sigterm() throws InterruptedException {
    process.toHandle().destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    errDrain.join(10_000);
  }

  /** Ends the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
