package io.sockjet.protocol.deflate;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Zlib} implementations the running JDK offers, for parameterized tests: {@code
 * java.util.zip} always, and the system zlib on Java 22 and later, where this build compiles the
 * FFM binding and the test class path includes it, so its absence there is a failure.
 */
final class Implementations {
  private static final Zlib NATIVE = ZlibLoader.loadNative();

  private Implementations() {}

  /** Whether the running JDK is one where the native binding must load. */
  static boolean nativeExpected() {
    return Runtime.version().feature() >= 22;
  }

  /** The native binding, or null before Java 22; fails when it should load and does not. */
  static Zlib nativeZlib() {
    if (nativeExpected() && NATIVE == null) {
      throw new AssertionError(
          "Java " + Runtime.version().feature() + ": the FFM zlib binding did not load");
    }
    return NATIVE;
  }

  /** Every implementation available here. */
  static List<Zlib> all() {
    List<Zlib> all = new ArrayList<>();
    all.add(Zlib.jdk());
    if (nativeZlib() != null) {
      all.add(nativeZlib());
    }
    return all;
  }
}
