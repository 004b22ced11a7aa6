package io.sockjet.protocol.deflate;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The nine zlib functions Sockjet calls, bound once per JVM as downcall handles, with zlib's
 * constants. Immutable, so thread-safe.
 *
 * <p>The handles are static finals so the JIT treats them as constants and inlines the downcall
 * stubs. Initialising this class loads the library: {@link #AVAILABLE} is false when no libz is
 * found, and initialisation fails (an {@code ExceptionInInitializerError}) when one is found but
 * lacks a symbol. Only {@link FfmZlib#load()} touches this class first, after checking that the
 * platform has the LP64 data model the {@link NativeStream} offsets assume.
 */
final class ZlibDowncalls {
  // Return codes and flush modes, from zlib.h (identical in every zlib 1.x).
  static final int Z_OK = 0;
  static final int Z_STREAM_END = 1;
  static final int Z_NEED_DICT = 2;
  static final int Z_STREAM_ERROR = -2;
  static final int Z_DATA_ERROR = -3;
  static final int Z_MEM_ERROR = -4;
  static final int Z_BUF_ERROR = -5;
  static final int Z_VERSION_ERROR = -6;
  static final int Z_NO_FLUSH = 0;
  static final int Z_SYNC_FLUSH = 2;
  static final int Z_DEFLATED = 8;
  static final int Z_DEFAULT_STRATEGY = 0;
  static final int Z_HUFFMAN_ONLY = 2;

  /**
   * Library names in the order tried: the Linux runtime soname first (present without the -dev
   * package), then the development symlink, then macOS's names.
   */
  static final String[] LIBRARY_NAMES = {"libz.so.1", "libz.so", "libz.1.dylib", "libz.dylib"};

  private static final SymbolLookup LIBZ = findLibrary();

  /** Whether a zlib library was found; every other field is null when it was not. */
  static final boolean AVAILABLE = LIBZ != null;

  private static final MethodHandle DEFLATE_INIT2 =
      bind(
          "deflateInit2_",
          FunctionDescriptor.of(
              JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
              JAVA_INT));
  private static final MethodHandle DEFLATE =
      bind("deflate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle DEFLATE_RESET =
      bind("deflateReset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle DEFLATE_END =
      bind("deflateEnd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle INFLATE_INIT2 =
      bind("inflateInit2_", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle INFLATE =
      bind("inflate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle INFLATE_RESET =
      bind("inflateReset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle INFLATE_END =
      bind("inflateEnd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ZLIB_VERSION =
      bind("zlibVersion", FunctionDescriptor.of(ADDRESS));

  /**
   * The library's version string in native memory (static storage inside libz). The init
   * functions take the caller's {@code ZLIB_VERSION} and compare only its first character, the
   * major version; {@link FfmZlib#load()} accepts only "1.", whose {@code z_stream} layout we
   * use, so passing the library's own string is the honest equivalent.
   */
  static final MemorySegment VERSION_POINTER = AVAILABLE ? zlibVersion() : null;

  /** The library's version, e.g. {@code "1.2.13"}. */
  static final String VERSION = AVAILABLE ? VERSION_POINTER.getString(0) : null;

  private ZlibDowncalls() {}

  @SuppressWarnings("restricted") // loading a library is the point; see FfmZlib on native access
  private static SymbolLookup findLibrary() {
    for (String name : LIBRARY_NAMES) {
      try {
        // The global arena: the library stays loaded for the life of the JVM, as the static
        // handles bound to it must.
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException notFound) {
        // try the next name
      }
    }
    return null;
  }

  @SuppressWarnings("restricted")
  private static MethodHandle bind(String symbol, FunctionDescriptor descriptor) {
    if (LIBZ == null) {
      return null;
    }
    return Linker.nativeLinker().downcallHandle(LIBZ.find(symbol).orElseThrow(), descriptor);
  }

  @SuppressWarnings("restricted") // a C string of unknown length: reading stops at its NUL
  private static MemorySegment zlibVersion() {
    try {
      return ((MemorySegment) ZLIB_VERSION.invokeExact()).reinterpret(Integer.MAX_VALUE);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code deflateInit2_}: a raw stream when {@code windowBits} is negative. */
  static int deflateInit2(
      MemorySegment strm, int level, int windowBits, int memLevel, int strategy) {
    try {
      return (int)
          DEFLATE_INIT2.invokeExact(
              strm, level, Z_DEFLATED, windowBits, memLevel, strategy, VERSION_POINTER,
              (int) NativeStream.Z_STREAM_SIZE);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code deflate(strm, flush)}. */
  static int deflate(MemorySegment strm, int flush) {
    try {
      return (int) DEFLATE.invokeExact(strm, flush);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code deflateReset(strm)}. */
  static int deflateReset(MemorySegment strm) {
    try {
      return (int) DEFLATE_RESET.invokeExact(strm);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code deflateEnd(strm)}. */
  static int deflateEnd(MemorySegment strm) {
    try {
      return (int) DEFLATE_END.invokeExact(strm);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code inflateInit2_}: a raw stream when {@code windowBits} is negative. */
  static int inflateInit2(MemorySegment strm, int windowBits) {
    try {
      return (int)
          INFLATE_INIT2.invokeExact(
              strm, windowBits, VERSION_POINTER, (int) NativeStream.Z_STREAM_SIZE);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code inflate(strm, flush)}. */
  static int inflate(MemorySegment strm, int flush) {
    try {
      return (int) INFLATE.invokeExact(strm, flush);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code inflateReset(strm)}. */
  static int inflateReset(MemorySegment strm) {
    try {
      return (int) INFLATE_RESET.invokeExact(strm);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** {@code inflateEnd(strm)}. */
  static int inflateEnd(MemorySegment strm) {
    try {
      return (int) INFLATE_END.invokeExact(strm);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** A downcall throws only unchecked exceptions; invokeExact just cannot say so. */
  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
