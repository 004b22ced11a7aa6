package io.sockjet.protocol.deflate;

import java.util.function.Supplier;

/**
 * Finds the system zlib once. The FFM binding ({@code FfmZlib}) exists only in the multi-release
 * part of the jar for Java 22 and later; on older JDKs, or where no zlib library loads, this
 * falls back to {@code java.util.zip}. Set {@code -Dsockjet.zlib=jdk} to force the fallback.
 *
 * <p>Thread-safe: {@link #SYSTEM} is computed once by class initialisation.
 */
final class ZlibLoader {
  /** The name of the class in {@code META-INF/versions/22}, loaded by name so Java 17 never links it. */
  static final String FFM_CLASS = "io.sockjet.protocol.deflate.FfmZlib";

  static final Zlib SYSTEM =
      choose(System.getProperty("sockjet.zlib"), Runtime.version().feature(), ZlibLoader::loadNative);

  private ZlibLoader() {}

  /**
   * The choice itself, apart from the JVM it runs in so tests can drive every branch.
   *
   * @param property the value of {@code sockjet.zlib}, or null
   * @param javaFeature the running Java feature release, as {@code Runtime.version().feature()}
   * @param nativeZlib the FFM binding, or null when the system zlib is unavailable; only asked on
   *     Java 22 and later, and anything it throws means "unavailable"
   */
  static Zlib choose(String property, int javaFeature, Supplier<Zlib> nativeZlib) {
    if ("jdk".equals(property) || javaFeature < 22) {
      return JdkZlib.INSTANCE;
    }
    try {
      Zlib zlib = nativeZlib.get();
      return zlib == null ? JdkZlib.INSTANCE : zlib;
    } catch (RuntimeException | LinkageError unavailable) {
      return JdkZlib.INSTANCE;
    }
  }

  /**
   * Calls {@code FfmZlib.load()} by reflection, ignoring {@code sockjet.zlib}.
   *
   * @return the binding, or null when the class is absent (Java 17 to 21, or a jar built without
   *     the Java 22 part) or the library does not load
   */
  static Zlib loadNative() {
    try {
      return (Zlib) Class.forName(FFM_CLASS).getMethod("load").invoke(null);
    } catch (ReflectiveOperationException | LinkageError absent) {
      // load() returns null for every expected absence; anything it throws (wrapped in an
      // InvocationTargetException) is treated the same.
      return null;
    }
  }
}
