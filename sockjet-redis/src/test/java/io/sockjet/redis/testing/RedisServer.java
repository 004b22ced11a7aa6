package io.sockjet.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis for a test: {@code redis-server} as a child process on a free loopback port, with
 * no persistence. {@link #stop} ends it (SIGTERM to its own PID, never by name) and {@link
 * #startAgain} brings it back on the same port, as an outage would. Outside CI a machine
 * without {@code redis-server} skips the test; under {@code CI=true} it fails it ({@code
 * .ci/run} installs it). Queries go through {@link #call}, a plain socket speaking RESP: a client
 * independent of the code under test. Shared with the command line's tests (this module's test
 * jar).
 */
public final class RedisServer implements AutoCloseable {
  /** $REDIS_SERVER if set, else redis-server on the PATH, or where Debian puts it. */
  private static final Path SERVER = System.getenv("REDIS_SERVER") != null
      ? Path.of(System.getenv("REDIS_SERVER"))
      : Stream.concat(
              Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
              Stream.of("/usr/bin"))
          .filter(dir -> !dir.isEmpty())
          .map(dir -> Path.of(dir, "redis-server"))
          .filter(Files::isExecutable)
          .findFirst().orElse(Path.of("/usr/bin/redis-server"));

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
  public static RedisServer start() throws Exception {
    boolean installed = Files.isExecutable(SERVER);
    if (System.getenv("CI") == null) {
      assumeThat(installed)
          .as("redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER);"
              + " Redis tests skipped")
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

  public int port() {
    return port;
  }

  /** The URI a broker connects to. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The process's id while it runs. */
  public long pid() {
    return process.pid();
  }

  /** Starts the server again, on the same port, after {@link #stop}; returns once it answers. */
  public void startAgain() throws Exception {
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
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean answersPing() {
    try {
      return call("PING").equals(List.of("PONG"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends one command on a connection of its own and returns the reply flattened to strings:
   * a status, an integer or a bulk string is one element, an array its elements.
   *
   * @throws IOException if Redis cannot be reached or answers with an error
   */
  public List<String> call(String... args) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
      for (String a : args) {
        command.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
            .append(a).append("\r\n");
      }
      s.getOutputStream().write(command.toString().getBytes(StandardCharsets.UTF_8));
      List<String> reply = new ArrayList<>();
      read(new DataInputStream(new BufferedInputStream(s.getInputStream())), reply);
      return reply;
    }
  }

  private static void read(DataInputStream in, List<String> into) throws IOException {
    String line = line(in);
    switch (line.charAt(0)) {
      case '+', ':' -> into.add(line.substring(1));
      case '-' -> throw new IOException("Redis answered " + line);
      case '$' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n >= 0) {
          byte[] bytes = new byte[n + 2];
          in.readFully(bytes);
          into.add(new String(bytes, 0, n, StandardCharsets.UTF_8));
        }
      }
      case '*' -> {
        for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
          read(in, into);
        }
      }
      default -> throw new IOException("not RESP2: " + line);
    }
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) != '\r'; ) {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      b.append((char) c);
    }
    in.read(); // \n
    return b.toString();
  }

  /** CLIENT LIST's lines of the connections whose name starts with {@code prefix}. */
  public List<String> clients(String prefix) throws IOException {
    return call("CLIENT", "LIST").get(0).lines().filter(l -> l.contains(" name=" + prefix))
        .toList();
  }

  /** The subscribers Redis counts on {@code channel}, plain or sharded. */
  public long subscribers(String channel, boolean sharded) throws IOException {
    return Long.parseLong(call("PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel).get(1));
  }
}
