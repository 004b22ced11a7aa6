package io.sockjet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for a test: {@code redis-server} as a child process on a free loopback port, with
 * no persistence. {@link #stop} ends it (SIGTERM to its own PID, never by name) and {@link
 * #start} brings it back on the same port, as an outage would. Outside CI a machine without
 * {@code redis-server} skips the test; under {@code CI=true} it fails it ({@code .ci/run}
 * installs it). Queries go through {@code redis-cli}, a client independent of the code under
 * test.
 */
final class RedisServer implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/bin/redis-server");
  private static final Path CLI = Path.of("/usr/bin/redis-cli");

  private final int port;
  private final Path log;
  private Process process;

  private RedisServer(int port) throws IOException {
    this.port = port;
    Path dir = Path.of("target", "redis");
    Files.createDirectories(dir);
    this.log = dir.resolve("redis-" + port + ".log").toAbsolutePath();
  }

  /** A Redis on a free port, up and answering. */
  static RedisServer start() throws Exception {
    boolean installed = Files.isExecutable(SERVER) && Files.isExecutable(CLI);
    if (System.getenv("CI") == null) {
      assumeThat(installed)
          .as("redis-server is not installed (apt-get install redis-server); Redis tests skipped")
          .isTrue();
    }
    assertThat(installed).as("redis-server must be installed in CI (.ci/run installs it)")
        .isTrue();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisServer redis = new RedisServer(port);
    redis.startAgain();
    return redis;
  }

  int port() {
    return port;
  }

  /** The URI a broker connects to. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The process's id while it runs. */
  long pid() {
    return process.pid();
  }

  /** Starts the server again, on the same port, after {@link #stop}; returns once it answers. */
  void startAgain() throws Exception {
    process = new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port
            + "; see " + log);
      }
      Thread.sleep(10);
    }
  }

  /** Ends the server with SIGTERM (its clients see their connections close) and waits. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  private boolean answersPing() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code redis-cli} with {@code args}; its output lines (raw, one value a line). */
  List<String> cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CLI.toString(), "-p",
        Integer.toString(port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("redis-cli %s: %s", args, out).isZero();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** CLIENT LIST's lines of the connections whose name starts with {@code prefix}. */
  List<String> clients(String prefix) throws IOException, InterruptedException {
    return cli("CLIENT", "LIST").stream().filter(l -> l.contains(" name=" + prefix)).toList();
  }

  /** The subscribers Redis counts on {@code channel}, plain or sharded. */
  long subscribers(String channel, boolean sharded) throws IOException, InterruptedException {
    List<String> reply = cli("PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel);
    return Long.parseLong(reply.get(1).trim());
  }
}
