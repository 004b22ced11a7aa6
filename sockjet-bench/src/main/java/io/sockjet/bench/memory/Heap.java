package io.sockjet.bench.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Readings of this JVM's memory for the memory benchmarks: the heap in use after full
 * collections, the resident size, and the class histogram of live objects. Stateless; called
 * from the measuring thread.
 */
final class Heap {
  /** One histogram row: {@code   12:   10000   320000  io.sockjet.internal.Subscription}. */
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private Heap() {}

  /**
   * The heap in use after full GCs: the least of five readings 200 ms apart, so a collection
   * that a reference-processing or finalizer pass left incomplete does not count.
   */
  static long settled() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** This process's resident size in bytes, from {@code /proc/self/status} (0 off Linux). */
  static long resident() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /**
   * The live objects by class, {@code [instances, bytes]}: what {@code jcmd <pid>
   * GC.class_histogram} prints (it runs a full GC first), read through the diagnostic-command
   * bean, so a benchmark can take the difference of two.
   */
  static Map<String, long[]> classHistogram() throws JMException {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, long[]> rows = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
    return rows;
  }
}
