package io.sockjet.internal;

/** Thread-safe: what the running JVM allows, for defaults that follow it. */
public final class JvmLimits {
  private JvmLimits() {}

  /**
   * The JVM's cap on direct buffers ({@code -XX:MaxDirectMemorySize}), or 0 where it is not set
   * or cannot be read (the JVM then allows as much as the heap's maximum).
   */
  public static long maxDirectMemory() {
    try {
      var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
          com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null ? 0 : Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
    } catch (Throwable notHotSpot) {
      return 0; // another JVM, or jdk.management left out of the runtime image
    }
  }
}
