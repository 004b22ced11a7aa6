package io.sockjet.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time from Linux's {@code /proc}: a process's user plus system time (all its threads), and
 * each CPU's busy and total time, so a driver can tell whether the server, the driver or someone
 * else used the cores during a measurement. Stateless; safe from any thread. Off Linux every
 * reading is -1 and the drivers report the figures as unknown.
 */
final class CpuTicks {
  /**
   * Clock ticks per second in {@code /proc} (USER_HZ): 100 on every Linux architecture a JVM runs
   * on; the kernel converts to it whatever its internal tick rate.
   */
  static final double PER_SECOND = 100;

  private CpuTicks() {}

  /** The process's user + system ticks, or -1 if it cannot be read (gone, or not Linux). */
  static long process(long pid) {
    long[] t = userAndSystem(pid);
    return t[0] < 0 ? -1 : t[0] + t[1];
  }

  /**
   * The process's system ticks alone: time the kernel spent on its behalf (its system calls, and
   * on loopback the receiving side's TCP work its writes run), or -1 if it cannot be read.
   */
  static long system(long pid) {
    return userAndSystem(pid)[1];
  }

  private static long[] userAndSystem(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count from after it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** This process's ticks; see {@link #process(long)}. */
  static long self() {
    return process(ProcessHandle.current().pid());
  }

  /**
   * Busy and total ticks of each CPU, {@code [cpu][0]} busy and {@code [cpu][1]} total, from
   * {@code /proc/stat}; an empty array if it cannot be read. Busy is everything but idle and
   * iowait.
   */
  static long[][] perCpu() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      return lines.stream().filter(l -> l.matches("cpu\\d+ .*")).map(l -> {
        String[] f = l.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest is inside user
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
      }).toArray(long[][]::new);
    } catch (IOException | RuntimeException e) {
      return new long[0][];
    }
  }

  /**
   * Microseconds of CPU per event: the ticks between two readings over {@code events}, or -1 if unknown.
   */
  static double microsPer(long before, long after, long events) {
    return before < 0 || after < 0 || events <= 0 ? -1
        : (after - before) / PER_SECOND * 1e6 / events;
  }

  /** The share of one CPU that {@code ticks} is over {@code seconds}, or -1 if unknown. */
  static double share(long before, long after, double seconds) {
    return before < 0 || after < 0 ? -1 : (after - before) / PER_SECOND / seconds;
  }
}
