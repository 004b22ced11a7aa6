package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that runs out of file descriptors pauses accepting instead of spinning, reports the
 * failures in a few lines, and accepts again once descriptors are freed. The server runs in a
 * child JVM under {@code ulimit -n}, so this JVM keeps its own descriptors. Linux only (reads
 * /proc).
 */
class AcceptBackoffIT {
  /**
   * The child's descriptor limit: a JVM starts with a few dozen open (its modules image,
   * standard streams, the selector), so about a hundred connections exhaust it.
   */
  private static final int FD_LIMIT = 128;

  /** Connections opened to the child: more than it can hold, the rest wait in its backlog. */
  private static final int CLIENTS = FD_LIMIT + 32;

  /** The line each accept-failure warning has; the old code wrote one per failure. */
  private static final String WARNING_MARK = "accept failed on";

  /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat, is 100 on every arch. */
  private static final double TICKS_PER_SECOND = 100;

  /** The usual case: logging was set up before descriptors ran out, so the warnings appear. */
  @Test
  @Timeout(120)
  void acceptPausesWhileOutOfDescriptorsAndResumesWhenSomeAreFreed(@TempDir Path dir)
      throws Exception {
    exhaustAndRecover(dir, true);
  }

  /**
   * Logging set up only when descriptors have run out: the logging backend fails (with an Error),
   * which must cost the warning line and nothing else: the old acceptor's loop died of it.
   */
  @Test
  @Timeout(120)
  void aLoggingBackendFailingForWantOfDescriptorsDoesNotEndTheAcceptLoop(@TempDir Path dir)
      throws Exception {
    exhaustAndRecover(dir, false);
  }

  private void exhaustAndRecover(Path dir, boolean logAtStart) throws Exception {
    assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
    Path err = dir.resolve("child-stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            "ulimit -n " + FD_LIMIT + " && exec \"$SJ_JAVA\" -cp \"$SJ_CP\" "
                + FdExhaustionServer.class.getName()
                + (logAtStart ? " log-at-start" : ""));
    pb.environment()
        .put("SJ_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("SJ_CP", System.getProperty("java.class.path"));
    // A file, not a pipe: a child writing warnings into a full pipe would block, not spin.
    pb.redirectError(err.toFile());
    Process child = pb.start();
    List<Socket> clients = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
      String first = out.readLine();
      assertThat(first).as("child's port line; stderr: %s", stderr(err)).startsWith("PORT ");
      InetSocketAddress address =
          new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5).trim()));

      // One echo first, while descriptors are plenty: the child loads its channel classes.
      assertThat(echo(address, 1)).isTrue();

      for (int i = 0; i < CLIENTS; i++) {
        clients.add(Loopback.connect(address));
      }
      // Out of descriptors: every one the limit allows is open (the child accepted what it could).
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (openDescriptors(child.pid()) < FD_LIMIT && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(openDescriptors(child.pid()))
          .as("child's open descriptors; stderr: %s", stderr(err))
          .isGreaterThanOrEqualTo(FD_LIMIT);
      if (logAtStart) {
        while (warnings(err) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(warnings(err)).as("warned; stderr: %s", stderr(err)).isPositive();
      } else {
        Thread.sleep(200); // an accept or two failed meanwhile
      }

      // Out of descriptors with connections waiting in the backlog: the old acceptor spun here.
      long before = cpuTicks(child.pid());
      long start = System.nanoTime();
      Thread.sleep(1500);
      double seconds = (System.nanoTime() - start) / 1e9;
      double share = (cpuTicks(child.pid()) - before) / TICKS_PER_SECOND / seconds;
      assertThat(child.isAlive()).as("child alive; stderr: %s", stderr(err)).isTrue();
      assertThat(share).as("share of a core the out-of-descriptors child used").isLessThan(0.3);
      // About one a second since the first, at most. Where logging starts only now, whether the
      // backend finds the descriptors it needs depends on what the JVM has open already: none or
      // a few lines, never a loop that dies of it (checked below by accepting again).
      assertThat(warnings(err))
          .as("warning lines; stderr: %s", stderr(err))
          .isBetween(logAtStart ? 1L : 0L, 5L);

      for (Socket c : clients) {
        c.close();
      }
      clients.clear();
      // Descriptors freed: within a backoff step the child accepts (and drops) the backlog and
      // then a new client. Bounded retries: the first tries may still meet a full table.
      boolean served = false;
      for (int i = 0; i < 20 && !served; i++) {
        served = echo(address, 42);
        if (!served) {
          Thread.sleep(250);
        }
      }
      assertThat(served).as("served after recovery; stderr: %s", stderr(err)).isTrue();
      assertThat(child.isAlive()).isTrue();
    } finally {
      for (Socket c : clients) {
        c.close();
      }
      child.destroy();
      if (!child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  private static long openDescriptors(long pid) throws IOException {
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    }
  }

  /** One byte through the child's echo: true if it came back, false on a closed or reset socket. */
  private static boolean echo(InetSocketAddress address, int value) throws IOException {
    try (Socket s = Loopback.connect(address)) {
      s.getOutputStream().write(value);
      return s.getInputStream().read() == value;
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  private static long warnings(Path err) throws IOException {
    try (var lines = Files.lines(err, StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.contains(WARNING_MARK)).count();
    }
  }

  private static String stderr(Path err) throws IOException {
    String all = Files.readString(err, StandardCharsets.ISO_8859_1);
    if (all.length() <= 4000) {
      return all;
    }
    return all.substring(0, 2000) + "\n...\n" + all.substring(all.length() - 2000);
  }

  /** utime + stime of a process, in ticks: fields 14 and 15 of /proc/PID/stat. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
  }
}
