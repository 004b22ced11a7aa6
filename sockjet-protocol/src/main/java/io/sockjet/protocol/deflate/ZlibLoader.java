package io.sockjet.protocol.deflate;

/**
 * Finds the system zlib once. The FFM binding ({@code FfmZlib}) exists only in the multi-release
 * part of the jar for Java 22 and later; on older JDKs, or where no zlib library loads, this
 * falls back to {@code java.util.zip}. Set {@code -Dsockjet.zlib=jdk} to force the fallback.
 */
final class ZlibLoader {
  static final Zlib SYSTEM = load();

  private ZlibLoader() {}

  private static Zlib load() {
    if ("jdk".equals(System.getProperty("sockjet.zlib"))) {
      return JdkZlib.INSTANCE;
    }
    if (Runtime.version().feature() < 22) {
      return JdkZlib.INSTANCE;
    }
    try {
      Class<?> ffm = Class.forName("io.sockjet.protocol.deflate.FfmZlib");
      Object zlib = ffm.getMethod("load").invoke(null);
      return zlib == null ? JdkZlib.INSTANCE : (Zlib) zlib;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
      return JdkZlib.INSTANCE;
    }
  }
}
