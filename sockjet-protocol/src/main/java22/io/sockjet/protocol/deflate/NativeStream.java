package io.sockjet.protocol.deflate;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;

/**
 * The native memory of one zlib stream: its {@code z_stream} and, for heap buffers, two scratch
 * segments the bytes are copied through. zlib reads and writes only through the raw pointers
 * {@code next_in} and {@code next_out} stored in the struct, so Java heap memory can never be
 * handed to it, not even by a {@code critical} downcall (which pins only arguments). Direct
 * buffers are handed over in place. zlib's own state (window, hash tables) is malloc'ed by zlib
 * in the init call and freed by its end call.
 *
 * <p>Confined to the thread using its deflater or inflater, with one exception: the release
 * (zlib's end call) runs on the {@link Cleaner}'s thread when the owner is dropped without {@link
 * #end()}. {@link Cleaner.Cleanable#clean()} runs it at most once, which makes {@link #end()}
 * idempotent.
 *
 * <p>The memory here comes from an automatic arena: the garbage collector frees it once
 * unreachable, and counts it against {@code -XX:MaxDirectMemorySize} like a direct buffer. zlib's
 * own state, the bulk (40 to 260 KiB), is freed by {@link #end()} at once. A shared arena would
 * free these few bytes at once too, but closing one costs a handshake with every thread (measured
 * 26-30 us on JDK 25, against 0.2 us for this), once per connection; a confined one cannot be
 * closed from the cleaner's thread.
 */
final class NativeStream {
  // The z_stream of zlib 1.x on LP64 (checked against zlib.h 1.2.13 with offsetof):
  //   0 next_in (Bytef*)   8 avail_in (uInt)    16 total_in (uLong)
  //  24 next_out (Bytef*) 32 avail_out (uInt)   40 total_out (uLong)
  //  48 msg (char*)       56 state              64 zalloc  72 zfree  80 opaque
  //  88 data_type (int)   96 adler (uLong)     104 reserved (uLong)        size 112
  // zalloc, zfree and opaque stay NULL (the arena zeroes the struct): zlib then uses malloc/free.
  // The init functions receive the size and refuse (Z_VERSION_ERROR) a struct that does not match.
  static final long Z_STREAM_SIZE = 112;
  private static final long NEXT_IN = 0;
  private static final long AVAIL_IN = 8;
  private static final long NEXT_OUT = 24;
  private static final long AVAIL_OUT = 32;
  private static final long MSG = 48;

  /**
   * Bytes per scratch segment. Each downcall costs tens of nanoseconds, while zlib needs several
   * microseconds per KiB at the default level, so 16 KiB chunks keep the call overhead under 1%
   * and add at most 32 KiB per instance, next to zlib's 40 KiB (inflate) to 260 KiB (deflate).
   */
  static final int SCRATCH_BYTES = 16 * 1024;

  private static final Cleaner CLEANER = Cleaner.create();

  private final Arena arena;
  private final MemorySegment strm;
  private final Cleaner.Cleanable cleanable;
  private MemorySegment scratchIn; // allocated on first use with a heap buffer, then reused
  private MemorySegment scratchOut;
  private int pendingStart; // scratchOut[pendingStart, pendingEnd): produced, not yet delivered
  private int pendingEnd;
  private boolean outputInScratch; // where the last giveOutput pointed zlib
  private boolean ended;

  /**
   * Allocates a {@code z_stream}, initialises it and registers {@code owner} with the cleaner.
   *
   * @param owner the deflater or inflater whose unreachability releases this stream; the release
   *     action holds no reference to it
   * @param init zlib's init call on the struct, returning its code
   * @param deflate whether {@code deflateEnd} (else {@code inflateEnd}) frees zlib's state
   * @throws IllegalArgumentException when zlib refuses the settings ({@code Z_STREAM_ERROR})
   * @throws OutOfMemoryError when zlib cannot allocate its state
   */
  NativeStream(Object owner, ToIntFunction<MemorySegment> init, boolean deflate) {
    arena = Arena.ofAuto();
    strm = arena.allocate(Z_STREAM_SIZE, 8);
    int rc = init.applyAsInt(strm);
    if (rc != ZlibDowncalls.Z_OK) {
      // A failed init has freed whatever it allocated; the struct goes with the garbage.
      switch (rc) {
        case ZlibDowncalls.Z_MEM_ERROR -> throw new OutOfMemoryError("zlib: no memory for state");
        case ZlibDowncalls.Z_STREAM_ERROR ->
            throw new IllegalArgumentException("zlib refused the stream settings");
        default -> throw new IllegalStateException("zlib init returned " + rc);
      }
    }
    cleanable = CLEANER.register(owner, new Release(strm, deflate));
  }

  /** The {@code z_stream} to pass to zlib. */
  MemorySegment strm() {
    return strm;
  }

  /** Throws if {@link #end()} was called: zlib's memory is gone and a call would crash the JVM. */
  void checkOpen() {
    if (ended) {
      throw new IllegalStateException("end() was called");
    }
  }

  /**
   * Points {@code next_in}/{@code avail_in} at the remaining bytes of {@code in}: in place when
   * direct, else at a copy of at most {@link #SCRATCH_BYTES} of them. {@code in} is not moved.
   *
   * @return how many bytes zlib was given
   */
  int giveInput(ByteBuffer in) {
    int n = in.remaining();
    if (n == 0) {
      strm.set(ADDRESS, NEXT_IN, MemorySegment.NULL);
    } else if (in.isDirect()) {
      strm.set(ADDRESS, NEXT_IN, MemorySegment.ofBuffer(in));
    } else {
      n = Math.min(n, SCRATCH_BYTES);
      if (scratchIn == null) {
        scratchIn = arena.allocate(SCRATCH_BYTES);
      }
      if (in.hasArray()) {
        MemorySegment.copy(
            in.array(), in.arrayOffset() + in.position(), scratchIn, JAVA_BYTE, 0, n);
      } else { // a read-only heap buffer
        MemorySegment.copy(MemorySegment.ofBuffer(in), 0, scratchIn, 0, n);
      }
      strm.set(ADDRESS, NEXT_IN, scratchIn);
    }
    strm.set(JAVA_INT, AVAIL_IN, n);
    return n;
  }

  /**
   * Points {@code next_out}/{@code avail_out} at the free space of {@code out}: in place when
   * direct with at least {@code minRoom} bytes, else at scratch. Scratch gets the room of {@code
   * out} (at most {@link #SCRATCH_BYTES}) when that is at least {@code minRoom}, else all of
   * {@link #SCRATCH_BYTES}: what does not fit in {@code out} then stays pending here. Requires
   * {@code out} to have room and nothing to be pending.
   *
   * @return how many bytes zlib may write
   */
  int giveOutput(ByteBuffer out, int minRoom) {
    int n = out.remaining();
    outputInScratch = !out.isDirect() || n < minRoom;
    if (!outputInScratch) {
      strm.set(ADDRESS, NEXT_OUT, MemorySegment.ofBuffer(out));
    } else {
      n = n >= minRoom ? Math.min(n, SCRATCH_BYTES) : SCRATCH_BYTES;
      if (scratchOut == null) {
        scratchOut = arena.allocate(SCRATCH_BYTES);
      }
      strm.set(ADDRESS, NEXT_OUT, scratchOut);
    }
    strm.set(JAVA_INT, AVAIL_OUT, n);
    return n;
  }

  /**
   * After a zlib call: moves {@code in} past what zlib consumed of the {@code given} bytes.
   *
   * @return the bytes consumed
   */
  int takeInput(ByteBuffer in, int given) {
    int consumed = given - strm.get(JAVA_INT, AVAIL_IN);
    in.position(in.position() + consumed);
    return consumed;
  }

  /**
   * After a zlib call: moves {@code out} past what zlib produced of the {@code given} room,
   * copying from scratch when zlib wrote there; bytes that do not fit stay pending.
   *
   * @return the bytes zlib produced, delivered or pending
   */
  int takeOutput(ByteBuffer out, int given) {
    int produced = given - strm.get(JAVA_INT, AVAIL_OUT);
    if (outputInScratch) {
      pendingStart = 0;
      pendingEnd = produced;
      deliverPending(out);
    } else {
      out.position(out.position() + produced);
    }
    return produced;
  }

  /** Whether output zlib wrote to scratch has not yet been delivered. */
  boolean hasPending() {
    return pendingStart < pendingEnd;
  }

  /** Copies as much pending output as fits into {@code out}. */
  void deliverPending(ByteBuffer out) {
    int n = Math.min(pendingEnd - pendingStart, out.remaining());
    if (n == 0) {
      return;
    }
    if (out.hasArray()) {
      MemorySegment.copy(
          scratchOut, JAVA_BYTE, pendingStart, out.array(), out.arrayOffset() + out.position(), n);
    } else {
      MemorySegment.copy(scratchOut, pendingStart, MemorySegment.ofBuffer(out), 0, n);
    }
    out.position(out.position() + n);
    pendingStart += n;
  }

  /** Forgets pending output, which belonged to a stream being reset. */
  void discardPending() {
    pendingStart = 0;
    pendingEnd = 0;
  }

  /** zlib's message for the last error ({@code msg}), or a generic one when it set none. */
  @SuppressWarnings("restricted") // a C string of unknown length: reading stops at its NUL
  String message() {
    MemorySegment msg = strm.get(ADDRESS, MSG);
    return msg.equals(MemorySegment.NULL)
        ? "invalid deflate data"
        : msg.reinterpret(Integer.MAX_VALUE).getString(0);
  }

  /** Frees zlib's state now and lets go of the scratch; idempotent. */
  void end() {
    ended = true;
    scratchIn = null;
    scratchOut = null;
    cleanable.clean();
  }

  /**
   * The release, run once by {@link #end()} or by the cleaner. Holds the struct, which keeps it
   * allocated until zlib is done with it, and never the owner, or the owner could never become
   * unreachable.
   */
  private record Release(MemorySegment strm, boolean deflate) implements Runnable {
    @Override
    public void run() {
      // The result is ignored on purpose: deflateEnd reports Z_DATA_ERROR when it frees a stream
      // in mid-message, which is a normal way to drop a connection, and neither call can fail
      // otherwise on a stream whose init succeeded.
      if (deflate) {
        ZlibDowncalls.deflateEnd(strm);
      } else {
        ZlibDowncalls.inflateEnd(strm);
      }
    }
  }
}
