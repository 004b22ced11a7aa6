package io.sockjet.protocol.deflate;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.util.Map;

/**
 * {@link Zlib} on the system zlib, called through the Foreign Function and Memory API (final in
 * Java 22). Honours every window size from 8 to 15 bits and every memory level, which {@code
 * java.util.zip} cannot. Stateless, so thread-safe; the instances it makes are not.
 *
 * <p>Package-private on purpose: this class exists only in {@code META-INF/versions/22} of the
 * jar, and a multi-release jar must export the same public API in every version (the {@code jar}
 * tool rejects a new public class there). {@link ZlibLoader} reaches {@link #load()} by
 * reflection from the same package.
 *
 * <p>Binding a library is a restricted operation: the JVM warns once (Java 22 to 25) unless
 * started with {@code --enable-native-access=io.sockjet.protocol} on the module path or {@code
 * --enable-native-access=ALL-UNNAMED} on the class path; where native access is denied, {@link
 * #load()} returns null and Sockjet uses {@code java.util.zip}.
 */
final class FfmZlib implements Zlib {
  private final String name;

  private FfmZlib(String version) {
    this.name = "zlib " + version + " (native)";
  }

  /**
   * Binds the system zlib.
   *
   * @return the binding, or null when this platform is not LP64 (Windows, 32-bit), no libz
   *     loads, it is not zlib 1.x, it lacks a function, or native access is denied
   */
  public static Zlib load() {
    try {
      if (!isLp64() || !ZlibDowncalls.AVAILABLE) {
        return null;
      }
      // zlib 1.x is the z_stream layout NativeStream uses; zlib-ng's compatible libz reports
      // "1.x.y.zlib-ng", a future zlib 2 may not be compatible.
      if (!ZlibDowncalls.VERSION.startsWith("1.")) {
        return null;
      }
      FfmZlib zlib = new FfmZlib(ZlibDowncalls.VERSION);
      // One stream of each kind: an init that refuses our struct (Z_VERSION_ERROR) fails here
      // rather than on a connection.
      zlib.newDeflater(-1, 15, 8).end();
      zlib.newInflater(15).end();
      return zlib;
    } catch (RuntimeException | LinkageError unavailable) {
      // IllegalCallerException (native access denied), UnsupportedOperationException (no linker
      // for this platform), ExceptionInInitializerError (a missing symbol), and init failures.
      return null;
    }
  }

  /**
   * Whether C's {@code long} and pointers are 64 bits and {@code int} 32, the data model the
   * {@code z_stream} offsets in {@link NativeStream} assume. Windows is LLP64 ({@code long} is 32
   * bits there) and is refused by name as well, before any library lookup.
   */
  static boolean isLp64() {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return false;
    }
    Map<String, MemoryLayout> c = Linker.nativeLinker().canonicalLayouts();
    return ADDRESS.byteSize() == 8
        && c.containsKey("long")
        && c.get("long").byteSize() == 8
        && c.containsKey("int")
        && c.get("int").byteSize() == 4;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean canDeflateWithWindow(int windowBits) {
    return windowBits >= 8 && windowBits <= 15;
  }

  @Override
  public boolean honoursMemLevel() {
    return true;
  }

  @Override
  public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
    DeflateArguments.checkDeflater(level, windowBits, memLevel);
    return new FfmDeflater(level, windowBits, memLevel);
  }

  @Override
  public RawInflater newInflater(int windowBits) {
    DeflateArguments.checkWindow(windowBits);
    return new FfmInflater(windowBits);
  }

  @Override
  public String toString() {
    return name();
  }
}
